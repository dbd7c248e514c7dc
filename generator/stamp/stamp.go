// Package stamp writes translation stamps into record files: for each
// French block (a fr: mapping), the from: mapping that records the
// dataset.Stamp of the English each French field was written from, which
// portal validate compares with the English as it is now (see
// validate.Translations).
//
// It edits the file's text in place, never re-encodes it: the only
// change is the from: value, written or replaced, so comments, quoting,
// line breaks and key order stay as the maintainer wrote them.
package stamp

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Change is one French field whose stamp a File call wrote or replaced.
type Change struct {
	Field string // the French field, such as "fr.summary"
	Was   string // the stamp it had, or "" when it had none
	Now   string
}

// ErrUnknownField is returned when a field asked for is not a French
// field of the record.
var ErrUnknownField = errors.New("not a French field of this record")

// File returns the text of the record file data (of kind k, read from
// path, for messages) with the stamps of its French blocks brought up to
// date, and what changed. With fields, only those French fields
// ("fr.summary", "responses[2].fr.note") are stamped; the other stamps
// of their blocks are kept. A file whose stamps are current comes back
// unchanged, with no change.
func File(data []byte, path string, k dataset.Kind, fields []string) ([]byte, []Change, error) {
	rec := dataset.NewRecord(k)
	if rec == nil {
		return nil, nil, fmt.Errorf("%s: not a record kind", k)
	}
	root, p := dataset.ParseMapping(data, path)
	if p != nil {
		return nil, nil, errors.New(p.String())
	}
	if err := root.Decode(rec); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	blocks := dataset.Translations(rec)
	if err := knownFields(path, blocks, fields); err != nil {
		return nil, nil, err
	}
	t := newText(data)
	var changes []Change
	var edits []edit
	for _, b := range blocks {
		want, ch := wanted(b, fields)
		if len(ch) == 0 {
			continue
		}
		e, err := t.setFrom(root, b.Ptr, want)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", path, dataset.FieldName(b.Ptr), err)
		}
		edits = append(edits, e)
		changes = append(changes, ch...)
	}
	if len(edits) == 0 {
		return data, nil, nil
	}
	return t.apply(edits), changes, nil
}

// knownFields checks that every field asked for is a French field of one
// of the blocks.
func knownFields(path string, blocks []dataset.TranslatedBlock, fields []string) error {
	for _, f := range fields {
		found := false
		for _, b := range blocks {
			for _, fl := range b.Fields {
				found = found || dataset.FieldName(b.FieldPtr(fl.Name)) == f
			}
		}
		if !found {
			return fmt.Errorf("%s: %s: %w", path, f, ErrUnknownField)
		}
	}
	return nil
}

// wanted is the from: mapping block b should carry, as an ordered list
// of field and stamp, and the changes that makes. With only, the stamps
// of the other fields are kept as they are; without, a stamp left for a
// field the block no longer gives is dropped.
func wanted(b dataset.TranslatedBlock, only []string) ([][2]string, []Change) {
	now := b.Stamps()
	var out [][2]string
	var changes []Change
	given := map[string]bool{}
	for _, f := range b.Fields {
		given[f.Name] = true
		name := dataset.FieldName(b.FieldPtr(f.Name))
		if len(only) > 0 && !slices.Contains(only, name) {
			if was, ok := b.From[f.Name]; ok {
				out = append(out, [2]string{f.Name, was})
			}
			continue
		}
		out = append(out, [2]string{f.Name, now[f.Name]})
		if b.From[f.Name] != now[f.Name] {
			changes = append(changes, Change{Field: name, Was: b.From[f.Name], Now: now[f.Name]})
		}
	}
	var left []string
	for k := range b.From {
		if !given[k] {
			left = append(left, k)
		}
	}
	slices.Sort(left)
	for _, k := range left {
		if len(only) > 0 {
			out = append(out, [2]string{k, b.From[k]})
			continue
		}
		changes = append(changes, Change{Field: dataset.FieldName(b.FieldPtr("from")) + "." + k, Was: b.From[k]})
	}
	return out, changes
}

// flow writes stamps as a one-line flow mapping: {name: "…", summary: "…"}.
// Stamps are quoted, as 8 hex digits can read as a number (12e45678).
func flow(stamps [][2]string) string {
	parts := make([]string, len(stamps))
	for i, s := range stamps {
		parts[i] = fmt.Sprintf("%s: %q", s[0], s[1])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
