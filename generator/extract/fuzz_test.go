package extract

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/interference-watch/portal/generator/dataset"
)

// FuzzExtract checks that no page makes Read panic, return a value
// outside its contract, or succeed with nothing. Its seed corpus is in testdata/fuzz/FuzzExtract;
// the HTML fixtures are added as seeds too.
func FuzzExtract(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	for _, p := range fixtures {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b, "https://example.org/a/b")
		}
	}
	f.Add([]byte(deepHead+strings.Repeat("<span>", 600)+deepText), "https://example.org/a/b")
	f.Add([]byte(strings.Repeat("<b id=x><table><td>", 200)+"<p>text"), "")
	f.Fuzz(func(t *testing.T, page []byte, pageURL string) {
		m, err := Read(page, pageURL, "")
		if err == nil && m == (Metadata{}) {
			t.Fatal("an empty success")
		}
		if err != nil && m != (Metadata{}) {
			t.Fatalf("an error with fields: %v", err)
		}
		checkMetadata(t, m)
	})
}

var langRe = regexp.MustCompile(`^[a-z]{2,3}$`)

// checkMetadata fails t when m breaks the contract of Metadata.
func checkMetadata(t *testing.T, m Metadata) {
	t.Helper()
	for name, v := range map[string]string{"title": m.Title, "published": m.Published, "language": m.Language,
		"description": m.Description, "canonical": m.CanonicalURL, "site": m.SiteName, "author": m.Author, "summary": m.Summary} {
		if !utf8.ValidString(v) || strings.TrimSpace(v) != v || strings.IndexFunc(v, unsafeRune) >= 0 {
			t.Errorf("%s is not clean plain text: %q", name, v)
		}
		if len(v) > maxField && name != "summary" {
			t.Errorf("%s has %d bytes", name, len(v))
		}
	}
	if m.Published != "" {
		if _, err := dataset.ParseDate(m.Published); err != nil {
			t.Errorf("published: %v", err)
		}
	}
	if m.Language != "" && !langRe.MatchString(m.Language) {
		t.Errorf("language %q is not a primary subtag", m.Language)
	}
	if m.CanonicalURL != "" && !strings.HasPrefix(m.CanonicalURL, "http://") && !strings.HasPrefix(m.CanonicalURL, "https://") {
		t.Errorf("canonical URL %q is not http(s)", m.CanonicalURL)
	}
	if n := textWords(m.Summary); n > MaxSummaryWords {
		t.Errorf("summary has %d words", n)
	}
}

// unsafeRune reports characters that plain one-line text must not hold.
func unsafeRune(r rune) bool {
	return r == '\n' || r == '\r' || r == '\t' || unicode.IsControl(r) || r == utf8.RuneError
}
