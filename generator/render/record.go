package render

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"html/template"
	"strings"

	"github.com/interference-watch/portal/generator/component"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/page"
)

// PageFile is one generated page, staged as Stage stages it.
type PageFile struct {
	Staged string // the staged file's path, as Stage writes it
	Out    string // the published file's path from the site root, such as fr/campaigns/op/index.html
	Data   []byte // the staged file
}

// RecordPages stages the pages of the records refs in o.Lang, exactly
// as Stage stages them, and nothing else: portal serve shows edited
// records' pages with it before the whole site is staged again. A kind
// without a page of its own (leads, indicators) or an unknown id gives
// no page; missing counts those refs.
func RecordPages(d *dataset.Dataset, refs []page.Ref, o Options) (pages []PageFile, missing int, err error) {
	b, err := newBuilder(d, o)
	if err != nil {
		return nil, 0, err
	}
	ctx := component.WithStrings(context.Background(), b.Strings())
	dir := strings.TrimSuffix(cmp.Or(o.ContentDir, "content/"), "/") + "/"
	var r renderBuffers
	for _, ref := range refs {
		p, ok := recordPage(d, b, ref)
		if !ok {
			missing++
			continue
		}
		data, err := r.file(ctx, p)
		if err != nil {
			return nil, 0, err
		}
		out := page.StagedPath(p.Rel) + "index.html"
		if o.Lang != cmp.Or(o.DefaultLang, "en") {
			out = o.Lang + "/" + out
		}
		pages = append(pages, PageFile{Staged: dir + langName(p.Rel, o.FileLang), Out: out, Data: data})
	}
	return pages, missing, nil
}

// recordPage is the page model of the record ref, if it has a page.
func recordPage(d *dataset.Dataset, b *page.Builder, ref page.Ref) (page.Page, bool) {
	switch ref.Kind {
	case dataset.KindCampaign:
		if r := d.Campaign(ref.ID); r != nil {
			return b.CampaignPage(r), true
		}
	case dataset.KindActor:
		if r := d.Actor(ref.ID); r != nil {
			return b.ActorPage(r), true
		}
	case dataset.KindOrganization:
		if r := d.Organization(ref.ID); r != nil {
			return b.OrganizationPage(r), true
		}
	case dataset.KindSource:
		if r := d.Source(ref.ID); r != nil {
			return b.SourcePage(r), true
		}
	case dataset.KindTechnique:
		if r := d.Technique(ref.ID); r != nil {
			return b.TechniquePage(r), true
		}
	case dataset.KindPlace:
		if r := d.Place(ref.ID); r != nil {
			return b.PlacePage(r), true
		}
	}
	return page.Page{}, false
}

// ErrReframe is returned by Reframe when it cannot tell where the values
// of the old staged file are in the published page, or when the new
// file's page is made differently (another kind, a title language set or
// dropped): that page is for Hugo to render.
var ErrReframe = errors.New("the published page cannot be reframed")

// Reframe returns the page Hugo publishes for the staged file next, from
// the page published for the staged file prev: the layouts
// (site/layouts/baseof.html, single.html) print a generated page's
// values, each once and in this order, into markup that is the same for
// every page of one kind, section and language — the title, the
// description, the head tags, the language switch, the title again and
// the body — so each of prev's values is found in published and
// replaced by next's, escaped as Hugo's templates escape it. Everything
// else is kept as it was. A value not found where the layouts print it
// is ErrReframe; portal serve checks what Reframe wrote against Hugo's
// own page once Hugo has rendered it (publish.Session).
func Reframe(published, prev, next []byte) ([]byte, error) {
	pf, pbody, err := decodeFile(prev)
	if err != nil {
		return nil, err
	}
	nf, nbody, err := decodeFile(next)
	if err != nil {
		return nil, err
	}
	same := pf.Params.Kind != "" && pf.Params.Kind == nf.Params.Kind && pf.Params.Lang == nf.Params.Lang &&
		pf.Params.ID == nf.Params.ID && pf.Title != "" && nf.Title != "" &&
		pf.Description != "" && nf.Description != "" // an empty one prints the site's
	end := bytes.TrimRight(published, "\n")
	if !same || !bytes.HasSuffix(end, []byte("</html>")) { // a page Hugo is still writing ends elsewhere
		return nil, ErrReframe
	}
	type value struct {
		old, new []byte
		after    string // the byte before the value, where the layouts print it
	}
	values := []value{
		{escText(pf.Title), escText(nf.Title), ">"},
		{escText(pf.Description), escText(nf.Description), `"`},
		{[]byte(pf.Params.Head), []byte(nf.Params.Head), "\n"},
		{[]byte(pf.Params.Languages), []byte(nf.Params.Languages), ">"},
		{escText(pf.Title), escText(nf.Title), ">"},
		{pbody, nbody, "\n"},
	}
	var out bytes.Buffer
	out.Grow(len(published) - len(pbody) + len(nbody))
	rest := published
	for _, v := range values {
		if len(v.old) == 0 {
			if len(v.new) != 0 {
				return nil, ErrReframe
			}
			continue
		}
		i := bytes.Index(rest, v.old)
		if i <= 0 || string(rest[i-1]) != v.after {
			return nil, ErrReframe
		}
		out.Write(rest[:i])
		out.Write(v.new)
		rest = rest[i+len(v.old):]
	}
	out.Write(rest)
	return out.Bytes(), nil
}

// textEscaper escapes as Hugo's templates escape a value printed in
// HTML text or in a quoted attribute: they are Go's html/template, whose
// escaper is the same in both places.
var textEscaper = template.Must(template.New("").Parse(`{{.}}`))

func escText(s string) []byte {
	var b bytes.Buffer
	if err := textEscaper.Execute(&b, s); err != nil {
		return nil
	}
	return b.Bytes()
}
