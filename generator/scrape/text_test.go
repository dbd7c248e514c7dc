package scrape

import (
	"errors"
	"testing"
)

func TestCleanText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"tags and entities", "<p>Un <b>rapport</b>&nbsp;&amp; plus</p>", "Un rapport & plus"},
		{"script content dropped", "Title<script>alert(1)</script> end", "Title end"},
		{"double escaped", "&lt;script&gt;alert(1)&lt;/script&gt;Safe", "Safe"},
		{"triple escaped", "&amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;Safe", "Safe"},
		{"stray brackets", "a < b > c", "a b c"},
		{"controls and bidi", "evil\u202etxt.exe\x00\x07 ok\u200b", "eviltxt.exe ok\u200b"},
		{"whitespace", "  many \n\t spaces\r\n", "many spaces"},
		{"plain ampersand", "AT&T", "AT&T"},
		{"style", "<style>p{}</style>Visible", "Visible"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CleanText(tt.in); got != tt.want {
				t.Errorf("CleanText(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSafeLink(t *testing.T) {
	base := mustURL(t, "https://agency.example/list/")
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"/a/b", "https://agency.example/a/b", true},
		{"c?d=1#frag", "https://agency.example/list/c?d=1", true},
		{"  https://other.example/x \n", "https://other.example/x", true},
		{"javascript:alert(1)", "", false},
		{"JavaScript:alert(1)", "", false},
		{"java\nscript:alert(1)", "", false},
		{"data:text/html,<script>alert(1)</script>", "", false},
		{"mailto:a@b.example", "", false},
		{"//cdn.example/x", "https://cdn.example/x", true},
		{"https://user:pw@host.example/x", "https://host.example/x", true},
		{`/q?x="<script>"`, "https://agency.example/q?x=%22%3Cscript%3E%22", true},
		{"/a b", "https://agency.example/a%20b", true},
		{"http:///nohost", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := SafeLink(base, tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SafeLink(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Mon, 02 Dec 2024 10:00:00 +0100", "2024-12-02"},
		{"2024-11-28T23:30:00-05:00", "2024-11-28"},
		{"2024-07", "2024-07"},
		{"2024", "2024"},
		{"Publié le 7 mai 2025", "2025-05-07"},
		{"1er décembre 2024", "2024-12-01"},
		{"2 déc. 2024", "2024-12-02"},
		{"December 2, 2024", "2024-12-02"},
		{"Sept. 30th 2023", "2023-09-30"},
		{"juillet 2023", "2023-07"},
		{"10/06/2024", "2024-06-10"},
		{"06/30/2024", "2024-06-30"},
		{"2024/06/10", "2024-06-10"},
		{"Updated 3 Jan 2025, first published 2 Dec 2024", "2025-01-03"},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in)
		if err != nil || d.String() != tt.want {
			t.Errorf("ParseDate(%q) = %q, %v; want %q", tt.in, d, err, tt.want)
		}
	}
	for _, bad := range []string{"", "soon", "2024-02-30", "31/31/2024", "Mon, 99 Foo 2024", "1066", "12345"} {
		if d, err := ParseDate(bad); !errors.Is(err, ErrNoDate) {
			t.Errorf("ParseDate(%q) = %q, %v; want ErrNoDate", bad, d, err)
		}
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ title, want string }{
		{"Analyse du mode opératoire informationnel russe Storm-1516", "analyse-du-mode-operatoire-informationnel-russe"},
		{"Ingérence : « BIG »", "ingerence-big"},
		{"  ", "item-"},
		{"中文标题", "item-"},
	}
	for _, tt := range tests {
		got := slug(tt.title, "key", 6)
		if tt.want == "item-" {
			if len(got) != len("item-")+6 || got[:5] != "item-" {
				t.Errorf("slug(%q) = %q, want item-<hash>", tt.title, got)
			}
			continue
		}
		if got != tt.want {
			t.Errorf("slug(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}
