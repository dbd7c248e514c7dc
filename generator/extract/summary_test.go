package extract

import (
	"strings"
	"testing"
)

func TestSummarize(t *testing.T) {
	long := strings.Repeat("word ", 70) + "end."
	tests := []struct{ name, text, want string }{
		{"skips short lines", "Photo: Reuters\nBy Jane Doe\nThe first sentence of the story is here. The second one follows it closely.",
			"The first sentence of the story is here. The second one follows it closely."},
		{"keeps abbreviations inside", "Mr. Smith met Dr. Jones at 5 p.m. in the U.S. embassy today. They talked for an hour.",
			"Mr. Smith met Dr. Jones at 5 p.m. in the U.S. embassy today. They talked for an hour."},
		{"skips headings", "A Heading Without A Full Stop At The End Of It\nThis is the body of the article, which has a sentence.",
			"This is the body of the article, which has a sentence."},
		{"removes footnote markers", "The river is four hundred kilometres long and very old.[1] It floods every spring.[23]",
			"The river is four hundred kilometres long and very old. It floods every spring."},
		{"cuts one long sentence", long, strings.TrimSpace(strings.Repeat("word ", 60)) + "…"},
		{"stops before the limit", strings.Repeat("This sentence has exactly seven words here. ", 9),
			strings.TrimSpace(strings.Repeat("This sentence has exactly seven words here. ", 8))},
		{"chinese", "今天天气很好，我们去公园散步。公园里有很多人在锻炼身体。", "今天天气很好，我们去公园散步。公园里有很多人在锻炼身体。"},
		{"very long paragraph", strings.Repeat("Word word word word. ", 5000), strings.TrimSpace(strings.Repeat("Word word word word. ", 15))},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := summarize(tt.text)
			if got != tt.want {
				t.Errorf("summarize =\n%q\nwant\n%q", got, tt.want)
			}
			if n := textWords(got); n > MaxSummaryWords {
				t.Errorf("%d words, more than %d", n, MaxSummaryWords)
			}
		})
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  a \n\t b  ", "a b"},
		{"<b>bold</b> &amp; <i>it</i>", "bold & it"},
		{"a < b and c > d", "a < b and c > d"},
		{"&quot;twice&quot;", `"twice"`}, // the parser decoded &amp;quot; once
		{"non\u00a0breaking\u200bspace", "non breaking space"},
		{"bad \xff utf8", "bad utf8"},
		{"<!-- comment -->text", "text"},
	}
	for _, tt := range tests {
		if got := clean(tt.in); got != tt.want {
			t.Errorf("clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := clean(strings.Repeat("é", maxField)); len(got) > maxField || !strings.HasPrefix(got, "éé") {
		t.Errorf("clean of a long text: %d bytes", len(got))
	}
}
