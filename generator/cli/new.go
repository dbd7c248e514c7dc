package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"text/template"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/spf13/cobra"
)

type newFlags struct {
	name, source, publisher, url, tactic, kind, country string
}

func newCmd(e *env) *cobra.Command {
	var f newFlags
	c := &cobra.Command{
		Use:   "new <kind> <id|url>",
		Short: "Write a new record file that validates, to fill in",
		Long: `Write data/<kinds>/<id>.yaml with every field of its kind and the
schema comment that lets editors check it as you type. It never overwrites a
file. Kinds: campaign, actor, organization, source, technique, place.

A campaign or an actor cites a source in its summary: pass --source with the
id of an existing source. A source needs --url and --publisher.

Or give a source's URL instead of its id: portal new source https://… --publisher
<org> fetches the page and writes an unreviewed record with its title, date,
language and an excerpt to rewrite in your own words.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := newRecord(e, args[0], args[1], f)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stderr, "wrote %s\n", path)
			return nil
		},
	}
	c.Flags().StringVar(&f.name, "name", "", "the record's name or title")
	c.Flags().StringVar(&f.source, "source", "", "a source id to cite (campaign, actor)")
	c.Flags().StringVar(&f.publisher, "publisher", "", "the publishing organization's id (source)")
	c.Flags().StringVar(&f.url, "url", "", "the document's URL (source)")
	c.Flags().StringVar(&f.tactic, "tactic", "TA01", "the DISARM tactic id (technique)")
	c.Flags().StringVar(&f.kind, "kind", "", "the record's kind field; a sensible default per record kind")
	c.Flags().StringVar(&f.country, "country", "", "a place id (actor, organization)")
	return c
}

var scaffolds = map[dataset.Kind]string{
	dataset.KindCampaign: `name: {{.Name}}
status: unknown
# first_seen: {date: "2024-05", source: {{.Source}}}
# last_seen: {date: "2024-10", source: {{.Source}}}
# attributions:
#   - {actor: actor-id, by: organization-id, confidence: not-stated, date: "2024-12-02", source: {{.Source}}}
# targets:
#   - {place: FR, source: {{.Source}}}
# platforms:
#   - {name: x, source: {{.Source}}}
# narratives:
#   - {text: "A storyline in a few words", source: {{.Source}}}
# techniques:
#   - {id: T0049, source: {{.Source}}}
summary: |
  Describe the campaign in your own words, citing each paragraph [@{{.Source}}].
`,
	dataset.KindActor: `name: {{.Name}}
kind: {{.Kind}}
{{with .Country}}country: {{.}}
{{end}}summary: |
  Who this actor is, in your own words [@{{.Source}}].
`,
	dataset.KindOrganization: `name: {{.Name}}
kind: {{.Kind}}
{{with .Country}}country: {{.}}
{{end}}# url: https://example.org/
`,
	dataset.KindSource: `url: {{.URL}}
title: {{.Name}}
publisher: {{.Publisher}}
# published: "2024-12-02"
# language: en
kind: {{.Kind}}
status: reviewed
`,
	dataset.KindTechnique: `name: {{.Name}}
tactic: {{.Tactic}}
`,
	dataset.KindPlace: `name: {{.Name}}
kind: {{.Kind}}
# parent: FR
`,
}

var defaultKinds = map[dataset.Kind]string{
	dataset.KindActor: "unknown", dataset.KindOrganization: "research", dataset.KindSource: "research", dataset.KindPlace: "country",
}

func scaffold(root string, k dataset.Kind, id string, f newFlags) (string, error) {
	tmpl, ok := scaffolds[k]
	if !ok {
		return "", fmt.Errorf("unknown kind %q: use campaign, actor, organization, source, technique or place", k)
	}
	if !dataset.IDPattern(k).MatchString(id) {
		return "", fmt.Errorf("%q is not a valid %s id", id, k)
	}
	if err := requireFlags(k, f); err != nil {
		return "", err
	}
	if f.name == "" {
		f.name = id
	}
	if f.kind == "" {
		f.kind = defaultKinds[k]
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# yaml-language-server: $schema=../../generator/schema/%s.schema.json\n", k)
	t := template.Must(template.New("").Parse(tmpl))
	data := map[string]string{"Name": yamlString(f.name), "Source": f.source, "Publisher": f.publisher,
		"URL": yamlString(f.url), "Tactic": f.tactic, "Kind": f.kind, "Country": f.country}
	if err := t.Execute(&buf, data); err != nil {
		return "", err
	}
	path := filepath.Join(root, "data", k.Dir(), id+".yaml")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists; edit it instead", path)
	}
	if err != nil {
		return "", err
	}
	if _, err := file.Write(buf.Bytes()); err != nil {
		file.Close()
		os.Remove(path)
		return "", err
	}
	return path, file.Close()
}

func requireFlags(k dataset.Kind, f newFlags) error {
	switch {
	case (k == dataset.KindCampaign || k == dataset.KindActor) && f.source == "":
		return fmt.Errorf("a %s cites a source in its summary: pass --source <source-id>", k)
	case k == dataset.KindSource && (f.url == "" || f.publisher == ""):
		return errors.New("a source needs --url <https://…> and --publisher <organization-id>")
	}
	return nil
}

// yamlString quotes s as a YAML double-quoted scalar.
func yamlString(s string) string {
	b, _ := jsonMarshal(s)
	return string(b)
}
