package component

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/i18n"
	"github.com/interference-watch/portal/generator/page"
)

func mustRender(t *testing.T, p page.Prose) string {
	t.Helper()
	s, err := i18n.Load(os.DirFS("../../site/i18n"), "en")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := Prose(p).Render(WithStrings(context.Background(), s), &b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestProseCitationsNumberedInOrder(t *testing.T) {
	notes := page.NewNotes()
	got := mustRender(t, notes.Prose("First [@b]. Second [@a; @b].\n\nThird [@c].", "p"))
	for _, want := range []string{
		// markers after the full stop, a cluster in number order
		`<p id="p-1">First.<sup class="cite"><a href="#ref-1" id="cite-1-1"`,
		`Second.<sup class="cite"><a href="#ref-1" id="cite-1-2">[1]</a></sup><sup class="cite"><a href="#ref-2" id="cite-2-1">[2]</a></sup>`,
		`<p id="p-2">Third.<sup class="cite"><a href="#ref-3" id="cite-3-1"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if k := strings.Join(notes.Keys(), ","); k != "b,a,c" {
		t.Errorf("order = %s", k)
	}
}

func TestProseHostileInput(t *testing.T) {
	in := "Text <script>alert(1)</script> [x](javascript:alert(1)) [y](data:text/html,hi) ![i](https://evil.example/p.png) <a href=\"javascript:1\">z</a> [ok](https://example.org/) <javascript:alert(2)> \uE0000\uE001"
	got := mustRender(t, page.NewNotes().Prose(in, ""))
	for _, bad := range []string{"<script", `href="javascript`, `href="data`, "<img", "evil.example", "\uE000"} {
		if strings.Contains(got, bad) {
			t.Errorf("output contains %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, `<a href="https://example.org/">ok</a>`) {
		t.Errorf("safe link lost:\n%s", got)
	}
}

func TestBacklinkLetter(t *testing.T) {
	for i, want := range map[int]string{0: "a", 1: "b", 25: "z", 26: "aa", 27: "ab", 51: "az", 52: "ba"} {
		if got := backlinkLetter(i); got != want {
			t.Errorf("backlinkLetter(%d) = %q, want %q", i, got, want)
		}
	}
}
