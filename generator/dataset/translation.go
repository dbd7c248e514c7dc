package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Stamp is the short hash a translation records of the English text it
// translates: the first 8 hex digits of the SHA-256 of the text once
// normalised, so that it survives YAML re-formatting. Normalising puts
// the text in Unicode NFC, splits it into paragraphs at blank lines,
// collapses every run of white space inside a paragraph to one space
// (re-wrapping, a literal block turned folded or quoted, trailing
// newlines and indentation change nothing) and joins the paragraphs with
// one blank line (merging or splitting paragraphs does change it).
func Stamp(english string) string {
	sum := sha256.Sum256([]byte(normalise(english)))
	return hex.EncodeToString(sum[:4])
}

func normalise(s string) string {
	s = norm.NFC.String(strings.ReplaceAll(s, "\r\n", "\n"))
	var paras []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, strings.Join(cur, " "))
			cur = nil
		}
	}
	for _, line := range strings.Split(s, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			flush()
			continue
		}
		cur = append(cur, f...)
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// TranslatedField is one field of a French block and the English field
// it translates.
type TranslatedField struct {
	Name    string // the field in the French block, such as "summary"
	English string // the English text it translates
}

// TranslatedBlock is one French block of a record (a fr: mapping) with
// the fields it gives and the stamps it carries.
type TranslatedBlock struct {
	Ptr    []string // the fr: mapping, such as ["responses", "2", "fr"]
	Fields []TranslatedField
	From   From
}

// FieldPtr is the pointer to field name of the French block.
func (b TranslatedBlock) FieldPtr(name string) []string {
	return append(b.Ptr[:len(b.Ptr):len(b.Ptr)], name)
}

// EnglishPtr is the pointer to the English field that field name of the
// block translates: the fr: mapping's sibling of the same name.
func (b TranslatedBlock) EnglishPtr(name string) []string {
	return append(b.Ptr[:len(b.Ptr)-1:len(b.Ptr)-1], name)
}

// Translations lists the French blocks of a campaign, actor,
// organization or source record, in file order by kind of field; the
// fields of each block are those the French gives (a block without its
// summary does not translate the summary). Other records have none.
func Translations(rec any) []TranslatedBlock {
	var out []TranslatedBlock
	// add keeps the fields whose French is given; a block with none but
	// with stamps is kept too, so that its stale stamps can be reported.
	add := func(ptr []string, from From, fields ...pair) {
		var given []TranslatedField
		for _, f := range fields {
			if f.french != "" {
				given = append(given, TranslatedField{Name: f.name, English: f.english})
			}
		}
		if len(given) > 0 || len(from) > 0 {
			out = append(out, TranslatedBlock{Ptr: ptr, Fields: given, From: from})
		}
	}
	translation := func(name, summary string, tr *Translation) {
		if tr != nil {
			add(Ptr("fr"), tr.From, pair{"name", name, tr.Name}, pair{"summary", summary, tr.Summary})
		}
	}
	note := func(ptr []string, english string, fr *NoteFR) {
		if fr != nil {
			add(ptr, fr.From, pair{"note", english, fr.Note})
		}
	}
	corrections := func(cs []Correction) {
		for i, c := range cs {
			note(Ptr("corrections", i, "fr"), c.Note, c.FR)
		}
	}
	switch r := rec.(type) {
	case *Campaign:
		translation(r.Name, r.Summary, r.FR)
		for i, n := range r.Narratives {
			if n.FR != nil {
				add(Ptr("narratives", i, "fr"), n.FR.From, pair{"text", n.Text, n.FR.Text})
			}
		}
		if r.Impact != nil {
			note(Ptr("impact", "fr"), r.Impact.Note, r.Impact.FR)
		}
		for i, s := range r.Responses {
			note(Ptr("responses", i, "fr"), s.Note, s.FR)
		}
		corrections(r.Corrections)
	case *Actor:
		translation(r.Name, r.Summary, r.FR)
		corrections(r.Corrections)
	case *Organization:
		translation(r.Name, "", r.FR)
		corrections(r.Corrections)
	case *Source:
		if r.FR != nil {
			add(Ptr("fr"), r.FR.From, pair{"excerpt", r.Excerpt, r.FR.Excerpt})
		}
		corrections(r.Corrections)
	}
	return out
}

// pair is a field of a French block with its English and French text.
type pair struct{ name, english, french string }

// Stamps is what the From of block b should be for the English as it is
// now: the Stamp of each field's English.
func (b TranslatedBlock) Stamps() From {
	f := From{}
	for _, fl := range b.Fields {
		f[fl.Name] = Stamp(fl.English)
	}
	return f
}

// KindOfDir is the kind whose records live in the folder named dir
// (campaigns, actors …), or "".
func KindOfDir(dir string) Kind {
	for _, k := range Kinds {
		if k.Dir() == dir {
			return k
		}
	}
	return ""
}

// NewRecord returns a new, empty record of kind k to decode into, or nil
// for a kind that is not one of Kinds.
func NewRecord(k Kind) any {
	switch k {
	case KindCampaign:
		return &Campaign{}
	case KindActor:
		return &Actor{}
	case KindOrganization:
		return &Organization{}
	case KindSource:
		return &Source{}
	case KindTechnique:
		return &Technique{}
	case KindPlace:
		return &Place{}
	}
	return nil
}
