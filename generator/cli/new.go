package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/validate"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

type newFlags struct {
	name, source, publisher, url, tactic, kind, country, firstSeen string
	named                                                          bool // --name was given
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
id of an existing reviewed source; a campaign also needs --first-seen, the
date that source gives. A source needs --url and --publisher, and is written
unreviewed. Flag values are checked by validating the new record beside the
existing data: if it would not validate, nothing is written.

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
	c.Flags().StringVar(&f.firstSeen, "first-seen", "", "when --source says the campaign was first seen, YYYY[-MM[-DD]] (campaign)")
	return c
}

// field is one key of a new record, with an optional comment above it.
type field struct {
	key     string
	value   any
	comment string
}

// hint is the commented-out guidance written above a campaign's summary.
const campaignHint = `Fill in what the sources say, each with its own source:
last_seen: {date: "2024-10", source: SOURCE}
attributions:
  - {actor: actor-id, by: organization-id, confidence: not-stated, date: "2024-12-02", source: SOURCE}
targets:
  - {place: FR, source: SOURCE}
platforms:
  - {name: x, source: SOURCE}
narratives:
  - {text: "A storyline in a few words", source: SOURCE}
techniques:
  - {id: T0049, source: SOURCE}`

// fields returns the keys of a new record of kind k, in order.
func fields(k dataset.Kind, id string, f newFlags) []field {
	switch k {
	case dataset.KindCampaign:
		return []field{
			{key: "name", value: f.name},
			{key: "status", value: dataset.StatusDraft, comment: "A draft is never published. When the record is complete, set status: unknown\n(or ongoing/ended with status_source)."},
			{key: "first_seen", value: map[string]string{"date": f.firstSeen, "source": f.source}},
			{key: "summary", value: validate.Placeholder + ": describe the campaign in your own words, citing each paragraph [@" + f.source + "].\n",
				comment: strings.ReplaceAll(campaignHint, "SOURCE", f.source)},
		}
	case dataset.KindActor:
		fs := []field{{key: "name", value: f.name}, {key: "kind", value: f.kind}}
		if f.country != "" {
			fs = append(fs, field{key: "country", value: f.country})
		}
		return append(fs, field{key: "summary", value: "Who this actor is, in your own words [@" + f.source + "].\n"})
	case dataset.KindOrganization:
		fs := []field{{key: "name", value: f.name}, {key: "kind", value: f.kind}}
		if f.country != "" {
			fs = append(fs, field{key: "country", value: f.country})
		}
		if f.url != "" {
			fs = append(fs, field{key: "url", value: f.url})
			if u, err := url.Parse(f.url); err == nil && u.Hostname() != "" {
				fs = append(fs, field{key: "domains", value: []string{strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")}})
			}
		}
		return fs
	case dataset.KindSource:
		title := f.name
		if !f.named {
			title = validate.Placeholder + ": the document's own title"
		}
		return []field{
			{key: "url", value: f.url},
			{key: "title", value: title},
			{key: "publisher", value: f.publisher},
			{key: "kind", value: f.kind, comment: "published: \"2024-12-02\"\nlanguage: en"},
			{key: "status", value: dataset.StatusDraft, comment: "Read the document, fill in the fields and write an excerpt in your own words,\nthen set status: reviewed. A draft is never published nor citable."},
		}
	case dataset.KindTechnique:
		return []field{{key: "name", value: f.name}, {key: "tactic", value: f.tactic}}
	case dataset.KindPlace:
		return []field{{key: "name", value: f.name}, {key: "kind", value: f.kind, comment: ""}}
	}
	return nil
}

var defaultKinds = map[dataset.Kind]string{
	dataset.KindActor: "unknown", dataset.KindOrganization: "research", dataset.KindSource: "research", dataset.KindPlace: "country",
}

// recordYAML encodes the fields as a YAML document through the encoder,
// so no flag value can add a key or break the syntax, with the schema
// comment first.
func recordYAML(k dataset.Kind, fs []field) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.MappingNode}
	for _, fl := range fs {
		var v yaml.Node
		if err := v.Encode(fl.value); err != nil {
			return nil, err
		}
		if s, ok := fl.value.(string); ok && strings.Contains(s, "\n") {
			v.Style = yaml.LiteralStyle
		}
		if m, ok := fl.value.(map[string]string); ok && len(m) > 0 {
			v.Style = yaml.FlowStyle
			for i := 0; i+1 < len(v.Content); i += 2 {
				if v.Content[i].Value == "date" { // dates are always quoted (data/README.md)
					v.Content[i+1].Style = yaml.DoubleQuotedStyle
				}
			}
		}
		key := &yaml.Node{Kind: yaml.ScalarNode, Value: fl.key, HeadComment: commentLines(fl.comment)}
		doc.Content = append(doc.Content, key, &v)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "# yaml-language-server: $schema=../../generator/schema/%s.schema.json\n", k)
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func commentLines(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = "# " + l
	}
	return strings.Join(lines, "\n")
}

// scaffold writes data/<kind>/<id>.yaml for a new record. It checks the
// flags, encodes the record, validates it beside the existing data, and
// writes it only if it has no problem of its own; it never overwrites.
func scaffold(root string, k dataset.Kind, id string, f newFlags) (string, error) {
	if _, ok := defaultKindsOrAny(k); !ok {
		return "", fmt.Errorf("unknown kind %q: use campaign, actor, organization, source, technique or place", k)
	}
	if !dataset.IDPattern(k).MatchString(id) {
		return "", fmt.Errorf("%q is not a valid %s id", id, k)
	}
	if k == dataset.KindTechnique {
		return "", fmt.Errorf("techniques are DISARM's, never written by hand: data/techniques already holds every one (portal import disarm refreshes them); cite %s only if DISARM has it", id)
	}
	if err := requireFlags(k, f); err != nil {
		return "", err
	}
	f.named = f.name != ""
	if f.name == "" {
		f.name = id
	}
	if f.kind == "" {
		f.kind = defaultKinds[k]
	}
	data, err := recordYAML(k, fields(k, id, f))
	if err != nil {
		return "", err
	}
	rel := path.Join("data", k.Dir(), id+".yaml")
	file := filepath.Join(root, filepath.FromSlash(rel))
	if _, err := os.Lstat(file); err == nil {
		return "", fmt.Errorf("%s already exists; edit it instead", file)
	}
	if probs, err := problemsOfNew(root, rel, data); err != nil {
		return "", err
	} else if len(probs) > 0 {
		return "", fmt.Errorf("new %s %s: the record would not validate, so nothing was written:%s", k, id, problemList(probs))
	}
	if err := writeNewFile(file, data); err != nil {
		return "", err
	}
	return file, nil
}

func defaultKindsOrAny(k dataset.Kind) (string, bool) {
	return "", slices.Contains(dataset.Kinds, k)
}

// problemsOfNew validates the project's data with the new file rel added
// (in memory) and returns the problems located in that file.
func problemsOfNew(root, rel string, data []byte) ([]dataset.Problem, error) {
	fsys := overlayFS{base: os.DirFS(root), name: rel, file: fstest.MapFS{rel: {Data: data, Mode: 0o644}}}
	_, probs, err := validate.Run(fsys, "data", validate.Options{})
	if err != nil {
		return nil, err
	}
	var mine []dataset.Problem
	for _, p := range probs {
		if p.Path == rel {
			mine = append(mine, p)
		}
	}
	return mine, nil
}

// overlayFS is base with one more file, name, served from file.
type overlayFS struct {
	base fs.FS
	name string
	file fstest.MapFS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if name == o.name {
		return o.file.Open(name)
	}
	return o.base.Open(name)
}

func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.base, name)
	if name != path.Dir(o.name) {
		return entries, err
	}
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	extra, err := o.file.ReadDir(name)
	if err != nil {
		return nil, err
	}
	entries = append(entries, extra...)
	slices.SortFunc(entries, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return entries, nil
}

func (o overlayFS) Stat(name string) (fs.FileInfo, error) {
	if name == o.name {
		return o.file.Stat(name)
	}
	return fs.Stat(o.base, name)
}

func (o overlayFS) Lstat(name string) (fs.FileInfo, error) {
	if name == o.name {
		return o.file.Stat(name)
	}
	if l, ok := o.base.(fs.ReadLinkFS); ok {
		return l.Lstat(name)
	}
	return fs.Stat(o.base, name)
}

func (o overlayFS) ReadLink(name string) (string, error) {
	if l, ok := o.base.(fs.ReadLinkFS); ok && name != o.name {
		return l.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

func requireFlags(k dataset.Kind, f newFlags) error {
	switch {
	case (k == dataset.KindCampaign || k == dataset.KindActor) && f.source == "":
		return fmt.Errorf("a %s cites a source in its summary: pass --source <source-id>", k)
	case k == dataset.KindCampaign && f.firstSeen == "":
		return errors.New("a campaign needs the date its source says it was first seen: pass --first-seen YYYY[-MM[-DD]]")
	case k == dataset.KindSource && (f.url == "" || f.publisher == ""):
		return errors.New("a source needs --url <https://…> and --publisher <organization-id>")
	}
	return nil
}

// problemList is one indented line per problem.
func problemList(probs []dataset.Problem) string {
	var b strings.Builder
	for _, p := range probs {
		b.WriteString("\n  " + p.String())
	}
	return b.String()
}
