package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// DISARM's licence and attribution, recorded on every record made from
// its data.
const (
	DISARMDataset     = "DISARM"
	DISARMLicense     = "CC-BY-SA-4.0"
	DISARMAttribution = "DISARM Foundation"
)

// Schema lines of the files the incident importer creates.
const (
	LeadSchemaLine   = "# yaml-language-server: $schema=../../generator/schema/lead.schema.json"
	SourceSchemaLine = "# yaml-language-server: $schema=../../generator/schema/source.schema.json"
	leadComment      = "# A lead from a public dataset: never published. Review it into a campaign (then set\n" +
		"# status: reviewed and campaign: <id>), or set status: rejected. The importer never\n" +
		"# changes a reviewed or rejected lead; note: and campaign: are yours."
)

// leadOwned are the keys of a lead the importer sets from the workbook.
var leadOwned = []string{"imported", "name", "type", "year", "attributions_seen", "countries", "techniques", "references", "summary", "added"}

// LeadsResult says what [ImportIncidents] did or, on a dry run, would do.
type LeadsResult struct {
	Created, Updated, Unchanged, Protected []string       // lead ids
	SourcesCreated                         []string       // new source ids
	SourcesMatched                         []string       // existing source ids a lead now names
	References                             int            // reference URLs over all leads
	NoPublisher                            map[string]int // host → references kept in the lead only: no known publisher
	NoTitle                                int            // references kept in the lead only: no document title known
	UnknownTechniques                      map[string]int // technique ids not in data/techniques, left out
	Proposals                              []Proposal
	Warnings                               []*CellError
}

// Proposal is a campaign that a lead may describe: for a maintainer to
// check and, if right, record as same_as on the campaign.
type Proposal struct {
	Lead, Incident, Name, Campaign string
	Evidence                       []string
}

// IncidentOptions tune [ImportIncidents].
type IncidentOptions struct {
	DryRun bool // plan and report, write nothing
}

// ImportIncidents makes a lead in dataDir/leads of every incident of wb,
// and a source record, status unreviewed, for each of its reference URLs
// that no source holds yet and whose publisher and title are known. It
// reads the existing records of dataDir first: an existing source is
// matched by normalised URL and never changed; an existing lead keeps
// every comment and the fields the importer does not own, is rewritten
// only when the workbook changed, and is never touched once reviewed or
// rejected. It also proposes, in the result only, the campaigns each lead
// may describe. Every file is planned before any is written: on any
// error nothing is written.
func ImportIncidents(dataDir string, wb *Workbook, o IncidentOptions) (*LeadsResult, error) {
	d, err := loadExisting(dataDir)
	if err != nil {
		return nil, err
	}
	p := &incidentPlan{d: d, dataDir: dataDir, files: map[string][]byte{}, newSources: map[string]string{},
		sourceIDs: map[string]bool{}, byURL: map[string]string{}, orgByHost: map[string]string{}, orgByName: map[string]string{},
		res: &LeadsResult{NoPublisher: map[string]int{}, UnknownTechniques: map[string]int{}, Warnings: wb.Warnings}, wb: wb}
	p.index()
	var errs []error
	matched := map[string]bool{}
	for _, in := range wb.Incidents { // sources first, so every lead sees them
		if p.d.Lead(dataset.LeadID("disarm", in.ID)) == nil || !protectedLead(p.d.Lead(dataset.LeadID("disarm", in.ID))) {
			for _, u := range in.URLs {
				info, described := wb.URLs[u]
				p.planSource(in, u, info, described)
			}
		}
	}
	for _, in := range wb.Incidents {
		if err := p.incident(in, matched); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	for id := range matched {
		p.res.SourcesMatched = append(p.res.SourcesMatched, id)
	}
	p.res.Proposals = proposeMatches(d, wb)
	for _, l := range [][]string{p.res.Created, p.res.Updated, p.res.Unchanged, p.res.Protected, p.res.SourcesCreated, p.res.SourcesMatched} {
		slices.Sort(l)
	}
	if o.DryRun {
		return p.res, nil
	}
	return p.res, writeAll(p.files)
}

// loadExisting reads the records under dataDir, whatever their problems:
// the importer needs what is there, not a valid dataset.
func loadExisting(dataDir string) (*dataset.Dataset, error) {
	schemas, err := dataset.NewSchemas()
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dataDir)
	if err != nil {
		return nil, err
	}
	d, _ := dataset.Loader{FS: os.DirFS(filepath.Dir(abs)), Root: filepath.Base(abs), Schemas: schemas}.Load()
	return d, nil
}

// writeAll writes every planned file, each atomically, in path order.
func writeAll(files map[string][]byte) error {
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("import: %w", err)
		}
		if err := writeAtomic(p, files[p], 0o644); err != nil {
			return fmt.Errorf("import %s: %w", p, err)
		}
	}
	return nil
}

type incidentPlan struct {
	d          *dataset.Dataset
	dataDir    string
	wb         *Workbook
	files      map[string][]byte // path → bytes to write
	byURL      map[string]string // normalised URL → source id, existing and planned
	newSources map[string]string // normalised URL → id of a source this run creates
	sourceIDs  map[string]bool   // ids taken
	orgByHost  map[string]string
	orgByName  map[string]string
	res        *LeadsResult
}

func (p *incidentPlan) index() {
	for _, s := range p.d.Sources {
		p.sourceIDs[s.ID] = true
		if n, err := fetch.Normalize(s.URL); err == nil {
			if _, ok := p.byURL[n]; !ok {
				p.byURL[n] = s.ID
			}
		}
	}
	for _, o := range p.d.Organizations {
		if h := host(o.URL); h != "" {
			p.orgByHost[h] = o.ID
		}
		for _, n := range []string{o.Name, o.FullName} {
			if k := nameKey(n); k != "" {
				p.orgByName[k] = o.ID
			}
		}
	}
}

// incident plans the lead of in and the sources it needs.
func (p *incidentPlan) incident(in Incident, matched map[string]bool) error {
	id := dataset.LeadID("disarm", in.ID)
	path := filepath.Join(p.dataDir, "leads", id+".yaml")
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if err == nil {
		if l := p.d.Lead(id); l != nil && protectedLead(l) {
			p.res.Protected = append(p.res.Protected, id)
			return nil
		}
	}
	fresh := p.leadNode(in, matched)
	if old == nil {
		m := &mapping{fresh}
		data, err := fileBytes(LeadSchemaLine+"\n"+leadComment, m.str("status", "unreviewed"))
		if err != nil {
			return fmt.Errorf("import %s: %w", path, err)
		}
		p.files[path] = data
		p.res.Created = append(p.res.Created, id)
		return nil
	}
	(&mapping{fresh}).str("status", "unreviewed")
	data, out, err := mergeOwned(old, fresh, leadOwned, []string{"status"})
	if err != nil {
		return fmt.Errorf("import %s: %w", path, err)
	}
	if out == kept {
		p.res.Unchanged = append(p.res.Unchanged, id)
		return nil
	}
	p.files[path] = data
	p.res.Updated = append(p.res.Updated, id)
	return nil
}

// leadNode is the owned part of the lead of in, as a YAML mapping.
func (p *incidentPlan) leadNode(in Incident, matched map[string]bool) *yaml.Node {
	m := newMapping()
	prov := newMapping().str("dataset", DISARMDataset).str("id", in.ID).str("url", dataset.DISARMIncidentURL(in.ID)).
		str("license", DISARMLicense).str("attribution", DISARMAttribution)
	m.add("imported", prov.n).quoted("name", in.Name).str("type", in.Type).int("year", in.Year).
		strs("attributions_seen", in.Attributions, false).strs("countries", in.Countries, false)
	var techs []string
	for _, t := range in.Techniques {
		if p.d.Technique(t) == nil {
			p.res.UnknownTechniques[t]++
			continue
		}
		techs = append(techs, t)
	}
	m.strs("techniques", techs, false)
	refs := &yaml.Node{Kind: yaml.SequenceNode}
	for _, u := range in.URLs {
		p.res.References++
		info := p.wb.URLs[u]
		ref := newMapping().str("url", u)
		if src := p.sourceOf(u, info, matched); src != "" {
			ref.str("source", src)
		}
		ref.quoted("published", info.Published).strs("authors", info.Authors, true).quoted("organization", info.Organization).
			str("archive_url", info.Archive)
		refs.Content = append(refs.Content, ref.n)
	}
	m.add("references", refs)
	m.text("summary", in.Summary).quoted("added", in.Added)
	return m.n
}

// protectedLead reports whether the importer must leave l alone.
func protectedLead(l *dataset.Lead) bool { return l.Status == "reviewed" || l.Status == "rejected" }

// sourceOf returns the id of the source record that holds reference u,
// existing or planned, or "" after counting why there is none.
func (p *incidentPlan) sourceOf(u string, info URLInfo, matched map[string]bool) string {
	n, err := fetch.Normalize(u)
	if err != nil {
		return ""
	}
	if id, ok := p.byURL[n]; ok {
		if _, planned := p.newSources[n]; !planned {
			matched[id] = true
		}
		return id
	}
	if p.publisher(u, info.Organization) == "" {
		p.res.NoPublisher[host(u)]++
	} else {
		p.res.NoTitle++
	}
	return ""
}

// planSource plans a source record for reference u of in when no source
// has its URL and its publisher and title are known. The workbook has no
// titles, but the incidents DISARM added from 2024 on are each named after
// their one document, which has its row in the urls sheet.
func (p *incidentPlan) planSource(in Incident, u string, info URLInfo, described bool) {
	n, err := fetch.Normalize(u)
	if err != nil {
		return
	}
	if _, ok := p.byURL[n]; ok || len(in.URLs) != 1 || !described || (in.Added != "" && in.Added < "2024") {
		return
	}
	pub := p.publisher(u, info.Organization)
	if pub == "" {
		return
	}
	org := p.d.Organization(pub)
	year := "undated"
	if len(info.Published) >= 4 {
		year = info.Published[:4]
	}
	id := uniqueID(pub+"-"+year+"-"+slug(in.Name, 6), p.sourceIDs)
	p.sourceIDs[id] = true
	prov := newMapping().str("dataset", DISARMDataset).str("id", in.ID).str("url", dataset.DISARMIncidentURL(in.ID)).
		str("license", DISARMLicense).str("attribution", DISARMAttribution)
	m := newMapping().str("url", u).quoted("title", in.Name).str("publisher", pub).quoted("published", info.Published).
		str("kind", sourceKind(org)).strs("authors", info.Authors, true).str("archive_url", info.Archive).
		str("status", "unreviewed").add("imported", prov.n)
	data, err := fileBytes(SourceSchemaLine, m)
	if err != nil {
		return
	}
	p.files[filepath.Join(p.dataDir, "sources", id+".yaml")] = data
	p.byURL[n], p.newSources[n] = id, id
	p.res.SourcesCreated = append(p.res.SourcesCreated, id)
}

// publisher finds the organization that published u: by the workbook's
// organization name, else by the host of the organization's own URL.
func (p *incidentPlan) publisher(u, orgName string) string {
	if id := p.orgByName[nameKey(orgName)]; id != "" && orgName != "" {
		return id
	}
	return p.orgByHost[host(u)]
}

// sourceKind guesses a source's kind from its publisher's.
func sourceKind(o *dataset.Organization) string {
	switch o.Kind {
	case "media":
		return "news"
	case "platform":
		return "platform-report"
	case "government", "international":
		return "official-report"
	}
	return "research"
}

// host is the lower-cased host of u without "www.", or "".
func host(u string) string {
	pu, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(pu.Hostname()), "www.")
}

// nameKey folds an organization's name for matching: "The BBC" and "bbc"
// meet.
func nameKey(s string) string {
	words := words(s)
	if len(words) > 0 && words[0] == "the" {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// words folds s to lower-case ASCII words.
func words(s string) []string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.FieldsFunc(strings.ToLower(out), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
}

// slug is the first n words of s joined by hyphens, or "item".
func slug(s string, n int) string {
	w := words(s)
	if len(w) > n {
		w = w[:n]
	}
	if len(w) == 0 {
		return "item"
	}
	return strings.Join(w, "-")
}

// uniqueID returns base, or base-2, base-3 … when taken.
func uniqueID(base string, taken map[string]bool) string {
	id := base
	for i := 2; taken[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	return id
}
