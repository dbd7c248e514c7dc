package stamp

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/validate"
	"go.yaml.in/yaml/v3"
)

// The fixture in testdata/data has French in every kind of block
// (campaign, narratives in flow and block style, impact, response,
// correction, actor, organization, source), with comments, quotes of
// both kinds, braces inside text and accented text before a {…}.

func mustCopy(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "data"), os.DirFS("testdata/data")); err != nil {
		t.Fatal(err)
	}
	return dir
}

// mustWarnings validates the project at dir: no problem, and the
// warnings as path:line:col: warning: field: message lines.
func mustWarnings(t *testing.T, dir string) []string {
	t.Helper()
	d, probs, err := validate.Run(os.DirFS(dir), "data", validate.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Errorf("problem: %s", p)
	}
	var out []string
	for _, w := range validate.Warnings(os.DirFS(dir), d) {
		out = append(out, w.String())
	}
	return out
}

// mustStamp stamps every record of dir (only fields, when given, of
// one record) and returns the changes.
func mustStamp(t *testing.T, dir string, fields ...string) []Change {
	t.Helper()
	var all []Change
	for _, kd := range []string{"campaigns", "actors", "organizations", "sources"} {
		files, _ := filepath.Glob(filepath.Join(dir, "data", kd, "*.yaml"))
		for _, f := range files {
			rel := path.Join("data", kd, filepath.Base(f))
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var only []string
			for _, fl := range fields {
				if strings.HasPrefix(fl, rel+":") {
					only = append(only, strings.TrimPrefix(fl, rel+":"))
				}
			}
			if len(fields) > 0 && len(only) == 0 {
				continue
			}
			out, changes, err := File(data, rel, dataset.KindOfDir(kd), only)
			if err != nil {
				t.Fatal(err)
			}
			if len(changes) == 0 && !bytes.Equal(out, data) {
				t.Errorf("%s: rewritten with no change", rel)
			}
			all = append(all, changes...)
			if err := os.WriteFile(f, out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return all
}

func mustEdit(t *testing.T, file, old, new string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b, []byte(old)) {
		t.Fatalf("%s holds no %q", file, old)
	}
	if err := os.WriteFile(file, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestUnstampedTranslationsWarnAtTheirBlock(t *testing.T) {
	dir := mustCopy(t)
	got := strings.Join(mustWarnings(t, dir), "\n")
	for _, want := range []string{
		"data/actors/group.yaml:6:1: warning: fr: this French has no stamp",
		"data/campaigns/op.yaml:21:42: warning: narratives[0].fr: ",
		"data/campaigns/op.yaml:23:5: warning: narratives[1].fr: ",
		"data/campaigns/op.yaml:29:3: warning: impact.fr: ",
		"data/campaigns/op.yaml:36:5: warning: responses[0].fr: ",
		"data/campaigns/op.yaml:42:1: warning: fr: ",
		"data/campaigns/op.yaml:50:67: warning: corrections[0].fr: ",
		"data/organizations/agency.yaml:6:1: warning: fr: ",
		"data/sources/report.yaml:11:1: warning: fr: ",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("no warning %q in\n%s", want, got)
		}
	}
	if n := strings.Count(got, "\n") + 1; n != 9 {
		t.Errorf("%d warnings, want 9:\n%s", n, got)
	}
}

// TestEditEnglishWarnsUntilRestamped is the maintainer's round: stamp,
// change an English summary (a warning at the French summary, naming the
// English field and the command), restamp that field (no warning).
func TestEditEnglishWarnsUntilRestamped(t *testing.T) {
	dir := mustCopy(t)
	if ch := mustStamp(t, dir); len(ch) != 11 {
		t.Errorf("%d stamps written, want 11 (every French field): %v", len(ch), ch)
	}
	if w := mustWarnings(t, dir); len(w) != 0 {
		t.Fatalf("warnings after stamping:\n%s", strings.Join(w, "\n"))
	}
	if ch := mustStamp(t, dir); len(ch) != 0 {
		t.Errorf("stamping again changed %v", ch)
	}
	op := filepath.Join(dir, "data/campaigns/op.yaml")
	mustEdit(t, op, "  Second paragraph [@report].", "  Second paragraph, now longer [@report].")
	w := mustWarnings(t, dir)
	want := regexp.MustCompile(`^data/campaigns/op\.yaml:46:5: warning: fr\.summary: the English summary has changed since this French was written \(stamp [0-9a-f]{8}, now [0-9a-f]{8}\): bring the French up to date, then run portal translated data/campaigns/op\.yaml --field fr\.summary$`)
	if len(w) != 1 || !want.MatchString(w[0]) {
		t.Fatalf("warnings after editing the English summary:\n%s\nwant one matching %s", strings.Join(w, "\n"), want)
	}
	mustEdit(t, op, "note: The agency published its report", "note: The agency published a report")
	if w := mustWarnings(t, dir); len(w) != 2 || !strings.Contains(w[0], "op.yaml:37:16: warning: responses[0].fr.note: the English responses[0].note has changed") {
		t.Fatalf("warnings after editing a response:\n%s", strings.Join(w, "\n"))
	}
	ch := mustStamp(t, dir, "data/campaigns/op.yaml:fr.summary")
	if len(ch) != 1 || ch[0].Field != "fr.summary" || ch[0].Was == "" || ch[0].Was == ch[0].Now {
		t.Errorf("restamping fr.summary changed %+v", ch)
	}
	if w := mustWarnings(t, dir); len(w) != 1 || !strings.Contains(w[0], "responses[0].fr.note") {
		t.Fatalf("--field fr.summary must leave the response's warning alone:\n%s", strings.Join(w, "\n"))
	}
}

// TestStampsSurviveReformatting re-encodes every stamped file with other
// YAML styles (block scalars become quoted or folded and re-wrapped,
// flow mappings block ones, another indentation): no stamp goes stale.
func TestStampsSurviveReformatting(t *testing.T) {
	dir := mustCopy(t)
	mustStamp(t, dir)
	files, _ := filepath.Glob(filepath.Join(dir, "data", "*", "*.yaml"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		restyle(&doc)
		var out bytes.Buffer
		enc := yaml.NewEncoder(&out)
		enc.SetIndent(4)
		if err := enc.Encode(&doc); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(f, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "data/campaigns/op.yaml"))
	if bytes.Contains(b, []byte("summary: |")) {
		t.Fatalf("the summary is still a literal block:\n%s", b)
	}
	if w := mustWarnings(t, dir); len(w) != 0 {
		t.Fatalf("warnings after re-formatting:\n%s", strings.Join(w, "\n"))
	}
}

// restyle turns every mapping into block style, literal text into
// double-quoted text without its final newline or into re-wrapped lines
// (alternately), and plain text into single-quoted text; stamps stay
// quoted.
func restyle(n *yaml.Node) {
	alt := false
	var walk func(*yaml.Node)
	walk = func(n *yaml.Node) {
		switch n.Kind {
		case yaml.MappingNode, yaml.SequenceNode:
			n.Style = 0
		case yaml.ScalarNode:
			if n.Tag != "!!str" {
				return
			}
			switch {
			case n.Style&yaml.LiteralStyle != 0:
				// what a maintainer's editor does: re-wrap the text, or
				// put it in quotes without its final newline
				alt = !alt
				if alt {
					n.Style, n.Value = yaml.DoubleQuotedStyle, strings.TrimSpace(n.Value)
				} else {
					n.Value = rewrap(n.Value, 12)
				}
			case n.Style == 0:
				n.Style = yaml.SingleQuotedStyle
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
}

// TestFileChangesOnlyTheStamps checks that stamping adds from: values and
// nothing else: taking them out gives back the file byte for byte.
func TestFileChangesOnlyTheStamps(t *testing.T) {
	dir := mustCopy(t)
	mustStamp(t, dir)
	strip := regexp.MustCompile(`(, from: \{[^}]*\})|(\n *from: \{[^}]*\})`)
	err := fs.WalkDir(os.DirFS("testdata/data"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		orig, _ := os.ReadFile(filepath.Join("testdata/data", p))
		got, _ := os.ReadFile(filepath.Join(dir, "data", p))
		if back := strip.ReplaceAll(got, nil); !bytes.Equal(back, orig) {
			t.Errorf("%s: stamping changed more than from:\n%s", p, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFileReplacesAnyFrom rewrites a hand-written from: in block style
// and drops a stamp for a field the block no longer gives.
func TestFileReplacesAnyFrom(t *testing.T) {
	in := "name: Group\nkind: network\nsummary: |\n  A group [@report].\nfr:\n  summary: Un groupe [@report].\n  from:\n    summary: 0000aaaa\n    name: 1111bbbb\n# end\n"
	out, ch, err := File([]byte(in), "data/actors/group.yaml", dataset.KindActor, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "name: Group\nkind: network\nsummary: |\n  A group [@report].\nfr:\n  summary: Un groupe [@report].\n  from: {summary: \"" + dataset.Stamp("A group [@report].") + "\"}\n# end\n"
	if string(out) != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
	if len(ch) != 2 || ch[1].Field != "fr.from.name" || ch[1].Now != "" {
		t.Errorf("changes %+v: want fr.summary restamped and fr.from.name removed", ch)
	}
	if _, _, err := File([]byte(in), "data/actors/group.yaml", dataset.KindActor, []string{"fr.name"}); !errors.Is(err, ErrUnknownField) {
		t.Errorf("--field fr.name on a block without a name: %v, want ErrUnknownField", err)
	}
}

func TestStampNormalises(t *testing.T) {
	same := [][2]string{
		{"A group\nof people.\n", "A group of people."},
		{"  A  group of\tpeople.  ", "A group of people."},
		{"One.\n\nTwo.\n", "One.\n   \n\n Two."},
		{"Cafe\u0301", "Café"}, // NFD and NFC
	}
	for _, s := range same {
		if dataset.Stamp(s[0]) != dataset.Stamp(s[1]) {
			t.Errorf("Stamp(%q) != Stamp(%q)", s[0], s[1])
		}
	}
	for _, s := range [][2]string{{"One.\n\nTwo.", "One. Two."}, {"A group.", "A groups."}, {"", " x"}} {
		if dataset.Stamp(s[0]) == dataset.Stamp(s[1]) {
			t.Errorf("Stamp(%q) == Stamp(%q)", s[0], s[1])
		}
	}
	if s := dataset.Stamp("x"); !regexp.MustCompile(`^[0-9a-f]{8}$`).MatchString(s) {
		t.Errorf("Stamp = %q, want 8 hex digits", s)
	}
}

// rewrap breaks each paragraph of s into lines of about width
// characters, with two spaces of indentation after each break.
func rewrap(s string, width int) string {
	var paras []string
	for _, p := range strings.Split(strings.TrimSpace(s), "\n\n") {
		var lines []string
		line := ""
		for _, w := range strings.Fields(p) {
			if line != "" && len(line)+len(w) > width {
				lines, line = append(lines, line), ""
			}
			if line != "" {
				line += " "
			}
			line += w
		}
		paras = append(paras, strings.Join(append(lines, line), "\n  "))
	}
	return strings.Join(paras, "\n\n\n") + "\n"
}
