package search

import (
	"slices"
	"testing"
)

func TestFold(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Bakou", "bakou"},
		{"BAKU", "baku"},
		{"Calédonie", "caledonie"},
		{"CALÉDONIE", "caledonie"},
		{"Ürümqi", "urumqi"},
		{"Doppelgänger", "doppelganger"},
		{"Azerbaïdjan", "azerbaidjan"},
		{"Œuvre", "oeuvre"},
		{"Straße", "strasse"},
		{"STRAẞE", "strasse"},
		{"Łódź", "lodz"},
		{"İstanbul", "istanbul"},
		{"ﬁnance", "finance"}, // ligature, by NFKD
		{"２０２４", "2024"},      // full-width digits, by NFKD
		{"ΟΔΟΣ", "οδοσ"},      // final sigma folds like JavaScript's
		{"e\u0301te\u0301", "ete"},
		{"Москва", "москва"},
	} {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestTokens(t *testing.T) {
	long := "a1234567890123456789012345678901234567890"
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"Nouvelle-Calédonie", []string{"nouvelle", "caledonie"}},
		{"l'Azerbaïdjan", []string{"l", "azerbaidjan"}},
		{"Storm-1516", []string{"storm", "1516"}},
		{"RRN / Doppelgänger", []string{"rrn", "doppelganger"}},
		{"<script>alert(1)</script>", []string{"script", "alert", "1", "script"}},
		{".*( [ ] \\ $ ^", nil},
		{"« UN-notorious BIG »", []string{"un", "notorious", "big"}},
		{"e\u0301te\u0301", []string{"ete"}}, // combining marks stay in the word
		{"ok " + long, []string{"ok"}},       // over MaxTermRunes
		{"", nil},
	} {
		if got := Tokens(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestParseQuery(t *testing.T) {
	for _, c := range []struct {
		q    string
		want []Term
		more bool
	}{
		{"Bakou", []Term{{"bakou", true}}, false},
		{"Bakou ", []Term{{"bakou", false}}, false},
		{"Nouvelle-Calédonie", []Term{{"nouvelle", false}, {"caledonie", true}}, false},
		{"the Baku group", []Term{{"baku", false}, {"group", true}}, false},
		{"groupe de", []Term{{"groupe", false}, {"de", true}}, false}, // still typing "de…"
		{"groupe de ", []Term{{"groupe", false}}, false},
		{"baku Baku BAKU.", []Term{{"baku", false}}, false},
		{"<script>", []Term{{"script", false}}, false},
		{".*(", nil, false},
		{"", nil, false},
		{"a b c d e f g h", []Term{{"b", false}, {"c", false}, {"e", false}, {"f", false}, {"g", false}, {"h", true}}, false},
		{"one two three four five six seven", []Term{{"one", false}, {"two", false}, {"three", false}, {"four", false},
			{"five", false}, {"six", false}}, true},
	} {
		got, more := ParseQuery(c.q)
		if !slices.Equal(got, c.want) || more != c.more {
			t.Errorf("ParseQuery(%q) = %v, %v; want %v, %v", c.q, got, more, c.want, c.more)
		}
	}
}
