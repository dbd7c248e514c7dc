package render

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// FrontMatter is the front matter of a staged page: the contract between
// the generator and the Hugo layouts in site/layouts. It is written as
// JSON before the page's body. The layouts read its params as
// .Params.kind, .Params.id, .Params.lang, .Params.head and
// .Params.languages (TestLayoutsReadFrontMatter keeps the two in step):
//
//   - baseof.html prints Head in <head> and Languages in the language
//     switch, as they are: the generator made them with its components,
//     which escape every value.
//   - A page with a Kind is a generated page: its body is finished HTML,
//     which the layouts print from .RawContent inside <article> (or the
//     list's <main>), under an <h1> of its Title (in Lang, when set).
//     Hand-written pages have no Kind: Hugo renders their Markdown.
type FrontMatter struct {
	Title       string   `json:"title"`
	Date        string   `json:"date,omitempty"`
	Lastmod     string   `json:"lastmod,omitempty"`
	Outputs     []string `json:"outputs,omitempty"`
	Description string   `json:"description,omitempty"`
	Layout      string   `json:"layout,omitempty"` // hand-written pages only
	Params      Params   `json:"params"`
}

// Params are the page parameters of FrontMatter.
type Params struct {
	Kind      string `json:"kind,omitempty"`
	ID        string `json:"id,omitempty"`
	Lang      string `json:"lang,omitempty"`
	Head      string `json:"head"`
	Languages string `json:"languages"`
}

// encodeFile writes a staged page: its front matter, then its body.
func encodeFile(buf *bytes.Buffer, fm FrontMatter, body []byte) error {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fm); err != nil {
		return fmt.Errorf("front matter: %w", err)
	}
	buf.Write(body)
	return nil
}

// decodeFile splits a staged file into its front matter and its body.
func decodeFile(file []byte) (FrontMatter, []byte, error) {
	dec := json.NewDecoder(bytes.NewReader(file))
	var fm FrontMatter
	if err := dec.Decode(&fm); err != nil {
		return fm, nil, err
	}
	return fm, bytes.TrimPrefix(file[dec.InputOffset():], []byte("\n")), nil
}

// Printed returns the parts of a staged generated page that the layouts
// print as they are: its head tags, its language switch and its body.
// It returns nil for any other file (a hand-written page's Markdown is
// rendered by Hugo).
func Printed(file []byte) [][]byte {
	fm, body, err := decodeFile(file)
	if err != nil || fm.Params.Kind == "" {
		return nil
	}
	var out [][]byte
	for _, b := range [][]byte{[]byte(fm.Params.Head), []byte(fm.Params.Languages), body} {
		if len(bytes.TrimSpace(b)) > 0 {
			out = append(out, b)
		}
	}
	return out
}
