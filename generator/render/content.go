package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/interference-watch/portal/generator/component"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/page"
	"github.com/interference-watch/portal/generator/safefs"
	"go.yaml.in/yaml/v3"
)

// StageContent stages the hand-written pages of one language, the files
// of fsys (content/<lang>), through w under dir (such as content/en/),
// skipping hidden files and folders. Only regular files of at most
// safefs.MaxFile bytes are read: a link, a named pipe or a device fails
// it (publish.CheckFiles reports them first, located). Markdown pages keep their text; their
// YAML front matter is written again as JSON with the head tags and the
// language switch among its params, made by the same components as the
// generated pages' (FrontMatter). Other files are copied as they are.
func StageContent(d *dataset.Dataset, fsys fs.FS, w Writer, dir string, o Options) error {
	b, err := newBuilder(d, o)
	if err != nil {
		return err
	}
	ctx := component.WithStrings(context.Background(), b.Strings())
	files, refused, err := safefs.Walk(fsys, ".", safefs.MaxFile)
	if err != nil {
		return fmt.Errorf("stage content: %w", err)
	}
	if len(refused) > 0 {
		return fmt.Errorf("stage content: %w", refused[0].Err)
	}
	for _, p := range files {
		data, err := safefs.ReadFile(fsys, p, safefs.MaxFile)
		if err != nil {
			return fmt.Errorf("stage content: %w", err)
		}
		if path.Ext(p) == ".md" {
			if data, err = withHead(ctx, b, p, data); err != nil {
				return fmt.Errorf("stage content %s: %w", p, err)
			}
		}
		if err := w.WriteFile(dir+p, data); err != nil {
			return err
		}
	}
	return nil
}

// withHead turns a Markdown page's YAML front matter into JSON with the
// page's head tags and language switch.
func withHead(ctx context.Context, b *page.Builder, rel string, data []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(data, []byte("---\n"))
	if !ok {
		return nil, fmt.Errorf("no YAML front matter (--- … ---)")
	}
	fmText, body, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		return nil, fmt.Errorf("front matter not closed by ---")
	}
	var fm map[string]any
	if err := yaml.Unmarshal(fmText, &fm); err != nil {
		return nil, fmt.Errorf("front matter: %w", err)
	}
	for _, k := range []string{"url", "slug", "aliases", "translationKey"} {
		if _, ok := fm[k]; ok {
			return nil, fmt.Errorf("front matter: %s is not supported: the page's address comes from its file name", k)
		}
	}
	title, _ := fm["title"].(string)
	desc, _ := fm["description"].(string)
	p := b.ContentPage(strings.TrimSuffix(rel, ".md")+".html", title, desc)
	var head, nav bytes.Buffer
	if err := component.Head(p.Head).Render(ctx, &head); err != nil {
		return nil, err
	}
	if err := component.LanguageSwitch(p.Languages).Render(ctx, &nav); err != nil {
		return nil, err
	}
	params, _ := fm["params"].(map[string]any)
	if params == nil {
		params = map[string]any{}
	}
	params["head"], params["languages"] = head.String(), nav.String()
	fm["params"] = params
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return nil, err
	}
	out.Write(body)
	return out.Bytes(), nil
}
