package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/safefs"
)

// Kept is a Load kept for Reload: each record file's decoded record and
// problems, by kind, so that loading again after some files changed
// decodes only those (portal serve's edits). A Kept is never changed:
// Reload returns a new one, which shares what did not change.
type Kept struct {
	l     Loader
	kinds []*keptKind // in loadOrder
}

// keptKind is one kind's folder as loaded.
type keptKind struct {
	kind   Kind
	folder []Problem // the folder's own: unreadable, a link, stray entries
	names  []string  // the record files' paths, in fs.ReadDir's order
	files  map[string]keptFile
}

type keptFile struct {
	rec   record // nil when the file could not be decoded
	probs []Problem
}

// loadOrder is the order Load reads the kinds in.
var loadOrder = []Kind{KindPlace, KindOrganization, KindActor, KindTechnique, KindSource, KindCampaign, KindLead, KindIndicators}

// decoders decode one file of each kind.
var decoders = map[Kind]func(Loader, Kind, string) (record, []Problem){
	KindPlace: decodeAs[Place], KindOrganization: decodeAs[Organization], KindActor: decodeAs[Actor],
	KindTechnique: decodeAs[Technique], KindSource: decodeAs[Source], KindCampaign: decodeAs[Campaign],
	KindLead: decodeAs[Lead], KindIndicators: decodeAs[Indicators],
}

func decodeAs[T any, PT interface {
	*T
	record
}](l Loader, k Kind, file string) (record, []Problem) {
	rec, probs := decodeFile[T, PT](l, k, file)
	if rec == nil {
		return nil, probs
	}
	return PT(rec), probs
}

// Keep loads every record as Load does and keeps what Reload needs.
func (l Loader) Keep() (*Dataset, []Problem, *Kept) {
	k := &Kept{l: l}
	for _, kind := range loadOrder {
		k.kinds = append(k.kinds, l.scanKind(kind))
	}
	d, probs := k.dataset()
	return d, probs, k
}

// scanKind reads a kind's folder and decodes all its record files.
func (l Loader) scanKind(k Kind) *keptKind {
	kk := &keptKind{kind: k, files: map[string]keptFile{}}
	dir := path.Join(l.Root, k.Dir())
	var se *safefs.Error
	if err := safefs.CheckDir(l.FS, dir); errors.As(err, &se) { // the folder, or data/ itself, is a link
		kk.folder = []Problem{FileProblem(se.Path, l.Root+"/", err)}
		return kk
	}
	entries, err := fs.ReadDir(l.FS, dir)
	if err != nil {
		if !isNotExist(err) {
			kk.folder = []Problem{{Path: dir, Message: fmt.Sprintf("cannot read folder: %v", err)}}
		}
		return kk
	}
	for _, e := range entries {
		n := e.Name()
		if msg := StrayEntry(e, ".yaml", ".yml"); msg != "" {
			kk.folder = append(kk.folder, Problem{Path: path.Join(dir, n), Line: 1, Col: 1, Message: msg})
		}
		if e.IsDir() || !recordName(n) {
			continue
		}
		kk.names = append(kk.names, path.Join(dir, n))
	}
	results := make([]keptFile, len(kk.names))
	decode := decoders[k]
	parallel(len(kk.names), func(i int) {
		rec, probs := decode(l, k, kk.names[i])
		results[i] = keptFile{rec, probs}
	})
	for i, n := range kk.names {
		kk.files[n] = results[i]
	}
	return kk
}

// RecordFile returns the kind and id of the record the file p holds, p
// being a slash-separated path such as data/campaigns/op.yaml in a
// project whose records are under root ("data"): a file Load reads as a
// record, right in a kind's folder.
func RecordFile(root, p string) (Kind, string, bool) {
	rest, ok := strings.CutPrefix(p, root+"/")
	if !ok {
		return "", "", false
	}
	dir, name, ok := strings.Cut(rest, "/")
	if !ok || strings.Contains(name, "/") || !recordName(name) {
		return "", "", false
	}
	for _, k := range loadOrder {
		if k.Dir() == dir {
			return k, strings.TrimSuffix(strings.TrimSuffix(name, ".yaml"), ".yml"), true
		}
	}
	return "", "", false
}

// recordName says whether a folder entry of that name is read as a record.
func recordName(n string) bool {
	return !strings.HasPrefix(n, ".") && (strings.HasSuffix(n, ".yaml") || strings.HasSuffix(n, ".yml"))
}

// dataset assembles the kept records into a Dataset, with every problem
// Load reports.
func (k *Kept) dataset() (*Dataset, []Problem) {
	d := &Dataset{}
	var probs []Problem
	for _, kk := range k.kinds {
		probs = append(probs, kk.folder...)
		for _, n := range kk.names {
			f := kk.files[n]
			probs = append(probs, f.probs...)
			if f.rec != nil {
				d.add(kk.kind, f.rec)
			}
		}
	}
	probs = append(probs, duplicates(d)...)
	d.Index()
	return d, probs
}

// add appends a decoded record to its kind's list.
func (d *Dataset) add(k Kind, r record) {
	switch k {
	case KindPlace:
		d.Places = append(d.Places, r.(*Place))
	case KindOrganization:
		d.Organizations = append(d.Organizations, r.(*Organization))
	case KindActor:
		d.Actors = append(d.Actors, r.(*Actor))
	case KindTechnique:
		d.Techniques = append(d.Techniques, r.(*Technique))
	case KindSource:
		d.Sources = append(d.Sources, r.(*Source))
	case KindCampaign:
		d.Campaigns = append(d.Campaigns, r.(*Campaign))
	case KindLead:
		d.Leads = append(d.Leads, r.(*Lead))
	case KindIndicators:
		d.Indicators = append(d.Indicators, r.(*Indicators))
	}
}

// Reload loads again after the files changed (slash-separated paths in
// the loader's file system, such as data/campaigns/op.yaml) were
// written, created or removed: it decodes only those, and reads a kind's
// whole folder again only when what changed is not a record file (a
// folder, a file with another ending). Its result is what Load would
// return now (TestReloadIsLoad); k itself is unchanged.
func (k *Kept) Reload(changed []string) (*Dataset, []Problem, *Kept) {
	next := &Kept{l: k.l, kinds: slices.Clone(k.kinds)}
	copied := map[int]bool{}
	own := func(i int) *keptKind {
		if !copied[i] {
			kk := *next.kinds[i]
			kk.names, kk.files = slices.Clone(kk.names), maps.Clone(kk.files)
			next.kinds[i] = &kk
			copied[i] = true
		}
		return next.kinds[i]
	}
	rescan := map[int]bool{}
	for _, p := range changed {
		rel, ok := strings.CutPrefix(p, k.l.Root+"/")
		if !ok {
			if p == k.l.Root { // data/ itself: everything
				for i := range next.kinds {
					rescan[i] = true
				}
			}
			continue
		}
		dir, name, nested := strings.Cut(rel, "/")
		i := slices.IndexFunc(next.kinds, func(kk *keptKind) bool { return kk.kind.Dir() == dir })
		switch {
		case i < 0: // not in a kind's folder (data/README.md): never read
			continue
		case !nested || strings.Contains(name, "/") || !recordName(name):
			if nested && strings.HasPrefix(name, ".") && !strings.Contains(name, "/") {
				continue // hidden files are never read nor reported
			}
			rescan[i] = true
			continue
		}
		st, err := fs.Lstat(k.l.FS, p)
		switch {
		case err != nil && isNotExist(err):
			kk := own(i)
			if _, ok := kk.files[p]; ok {
				delete(kk.files, p)
				kk.names = slices.DeleteFunc(kk.names, func(n string) bool { return n == p })
			}
		case err != nil || st.IsDir():
			rescan[i] = true
		default:
			kk := own(i)
			rec, probs := decoders[kk.kind](k.l, kk.kind, p)
			if _, ok := kk.files[p]; !ok {
				j, _ := slices.BinarySearch(kk.names, p)
				kk.names = slices.Insert(kk.names, j, p)
			}
			kk.files[p] = keptFile{rec, probs}
		}
	}
	for i := range rescan {
		next.kinds[i] = k.l.scanKind(next.kinds[i].kind)
	}
	d, probs := next.dataset()
	return d, probs, next
}
