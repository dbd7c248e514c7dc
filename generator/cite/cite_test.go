package cite

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		name string
		text string
		want [][]string
	}{
		{"single", "Text [@viginum-2024-big].", [][]string{{"viginum-2024-big"}}},
		{"two groups", "A [@a]. B [@b; @c].", [][]string{{"a"}, {"b", "c"}}},
		{"spaces", "A [ @a ;@b ]", [][]string{{"a", "b"}}},
		{"email is not a citation", "write to x@example.org", nil},
		{"bare at is not a citation", "see @a", nil},
		{"link text is not a citation", "[site](https://example.org/@a)", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][]string
			for _, g := range Parse(tt.text) {
				got = append(got, g.Keys)
			}
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("Parse(%q) = %v, want %v", tt.text, got, tt.want)
			}
		})
	}
}

func TestKeysOrderOfFirstUse(t *testing.T) {
	got := Keys("x [@b] y [@a; @b] z [@c]")
	if want := []string{"b", "a", "c"}; !slices.Equal(got, want) {
		t.Errorf("Keys = %v, want %v", got, want)
	}
}

func TestMalformed(t *testing.T) {
	got := Malformed("ok [@a]. bad [@] and [@a, @b] and [@ b].")
	want := []string{"[@]", "[@a, @b]", "[@ b]"}
	if !slices.Equal(got, want) {
		t.Errorf("Malformed = %q, want %q", got, want)
	}
}

func TestParagraphs(t *testing.T) {
	got := Paragraphs("one\ntwo\n\n\nthree\n")
	if len(got) != 2 || got[0].Line != 0 || got[1].Line != 4 || got[1].Text != "three" {
		t.Errorf("Paragraphs = %+v", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"[@a]", "[@a; @b]", "[@", "[@]]", "x [ @a ;@b ] y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, g := range Parse(s) {
			if g.Start < 0 || g.End > len(s) || g.Start >= g.End || len(g.Keys) == 0 {
				t.Fatalf("bad group %+v in %q", g, s)
			}
		}
		_ = Malformed(s)
		_ = Paragraphs(s)
	})
}

func TestPlain(t *testing.T) {
	md := "VIGINUM **named** the [Baku Initiative Group](https://example.org/big) [@a; @b], a body in *Baku* [@c].\n\n" +
		"[@d]\n\nIt used `x` and Telegram [@e]; little traction [@f]!\n"
	got := Plain(md)
	want := []string{"VIGINUM named the Baku Initiative Group, a body in Baku.", "It used x and Telegram; little traction!"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Plain = %q\nwant    %q", got, want)
	}
	if got := Plain(""); got != nil {
		t.Errorf("Plain(\"\") = %q", got)
	}
}

// TestPlainKeepsText: only markup goes; hashtags, literal asterisks and
// backticks that are text, and escaped characters stay as pages show
// them; raw HTML, which pages never render, goes.
func TestPlainKeepsText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Posts tagged #BoycottFrance spread [@a].", "Posts tagged #BoycottFrance spread."},
		{"#1 in reach, with C# code and 5 * 3 = 15 [@a].", "#1 in reach, with C# code and 5 * 3 = 15."},
		{"A lone ` backtick and a \\*literal\\* star.", "A lone ` backtick and a *literal* star."},
		{"**Bold**, _em_, `code` and ~~struck~~ words.", "Bold, em, code and ~~struck~~ words."},
		{"Fish &amp; chips &#x26; more.", "Fish & chips & more."},
		{"See [the report](https://example.org/r) and <https://example.org/x>.", "See the report and https://example.org/x."},
		{"Text <span onclick=x>with</span> HTML.", "Text with HTML."},
		{"An ![chart of posts](https://example.org/c.png) image.", "An chart of posts image."},
	} {
		if got := PlainParagraph(tc.in); got != tc.want {
			t.Errorf("PlainParagraph(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
