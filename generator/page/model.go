package page

import "github.com/interference-watch/portal/generator/dataset"

// Link is a titled link. URL is the href as the page prints it (already
// made relative to the page or prefixed with the site's path by the
// builder); empty when the record has no page, and then only the title
// shows.
type Link struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	// Lang is set when the title is in another language than the page's
	// (a DISARM technique's name, a document's own title).
	Lang string `json:"lang,omitempty"`
}

// Date is a date in its own precision: ISO for the datetime attribute,
// Text for readers ("July 2023").
type Date struct {
	ISO  string `json:"iso"`
	Text string `json:"text"`
}

// Reference is one numbered entry of a page's reference list.
type Reference struct {
	N         int
	ID        string
	Title     string
	URL       string // the original document
	Page      string // href of the source's own page
	Publisher Link
	Published *Date
	Language  string // the document's language tag
	// TitleLang is Language when it is not the page's, for the title's
	// lang; LanguageName then names it in the page's language.
	TitleLang    string
	LanguageName string
	Kind         string
	Archive      string
	Via          *Via
	Backlinks    []string // anchor ids of the places that cite it
}

// Via is the copy a source was read from: the hosting organization and
// the copy's address.
type Via struct {
	Host Link
	URL  string
}

// Marker is one citation marker: the reference number and the id of this
// use's anchor.
type Marker struct {
	N  int
	ID string
}

// Prose is a Markdown text of the dataset with its citations numbered:
// Cites holds, for each citation group of Text in order, where it is and
// its markers. The components render it (raw HTML off, http(s) links
// only); paragraphs get ids Prefix-1, Prefix-2 … when Prefix is set.
type Prose struct {
	Text   string
	Cites  []Cite
	Prefix string
	// Lang is set when the text is in another language than the page's
	// (no translation yet): the component marks it with lang and a note.
	Lang string
}

// Cite is one citation group of a Prose text: its byte range in Text and
// its markers.
type Cite struct {
	Start, End int
	Markers    []Marker
}

// Empty reports whether there is no text.
func (p Prose) Empty() bool { return p.Text == "" }

// Translation returns the record's text in lang, if any.
func translation(fr *dataset.Translation, lang string) *dataset.Translation {
	if lang == "fr" {
		return fr
	}
	return nil
}
