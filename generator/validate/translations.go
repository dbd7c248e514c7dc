package validate

import (
	"io/fs"
	"slices"

	"github.com/interference-watch/portal/generator/dataset"
)

// Warnings returns what deserves a maintainer's attention without making
// the data invalid, located in fsys and sorted: French translations whose
// English has changed since they were stamped, and translations that
// carry no stamp (see Translations). Warnings never fail a build.
func Warnings(fsys fs.FS, d *dataset.Dataset) []dataset.Problem {
	ps := Translations(d)
	dataset.Locate(fsys, ps)
	return dataset.SortProblems(ps)
}

// Translations checks each French block against the English it
// translates. A block records, in from:, the dataset.Stamp of each
// English field it was written from (portal translated writes them):
//
//   - a stamp that differs from the English as it is now means the English
//     changed after the French was written: the French may be stale;
//   - a French field without a stamp is reported too, because a change to
//     its English would otherwise go unnoticed for ever: stamping it once,
//     after checking the French, is what starts the tracking;
//   - a stamp for a field the block no longer gives is left over.
//
// Each problem is a warning located at the French field, saying which
// English field changed and which command clears it.
func Translations(d *dataset.Dataset) []dataset.Problem {
	var ps []dataset.Problem
	check := func(m dataset.Meta, rec any) {
		for _, b := range dataset.Translations(rec) {
			ps = append(ps, blockWarnings(m, b)...)
		}
	}
	for _, r := range d.Campaigns {
		check(r.Meta, r)
	}
	for _, r := range d.Actors {
		check(r.Meta, r)
	}
	for _, r := range d.Organizations {
		check(r.Meta, r)
	}
	for _, r := range d.Sources {
		check(r.Meta, r)
	}
	for i := range ps {
		ps[i].Warning = true
	}
	return ps
}

func blockWarnings(m dataset.Meta, b dataset.TranslatedBlock) []dataset.Problem {
	var ps []dataset.Problem
	if len(b.From) == 0 {
		return []dataset.Problem{dataset.At(m, b.Ptr, "this French has no stamp of the English it translates (from:), so a later change to the English would go unnoticed: check it against the English, then run portal translated %s", m.Path)}
	}
	now := b.Stamps()
	for _, f := range b.Fields {
		fr, en := dataset.FieldName(b.FieldPtr(f.Name)), dataset.FieldName(b.EnglishPtr(f.Name))
		was, ok := b.From[f.Name]
		switch {
		case !ok:
			ps = append(ps, dataset.At(m, b.FieldPtr(f.Name), "no stamp of the English %s in %s: check the French against it, then run portal translated %s --field %s", en, dataset.FieldName(b.FieldPtr("from")), m.Path, fr))
		case was != now[f.Name]:
			ps = append(ps, dataset.At(m, b.FieldPtr(f.Name), "the English %s has changed since this French was written (stamp %s, now %s): bring the French up to date, then run portal translated %s --field %s", en, was, now[f.Name], m.Path, fr))
		}
	}
	var extra []string
	for k := range b.From {
		if !slices.ContainsFunc(b.Fields, func(f dataset.TranslatedField) bool { return f.Name == k }) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		ps = append(ps, dataset.At(m, append(b.FieldPtr("from"), k), "a stamp for %s, which this French block does not give: run portal translated %s to restamp the block", dataset.FieldName(b.FieldPtr(k)), m.Path))
	}
	return ps
}
