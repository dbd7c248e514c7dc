package export

import (
	"bytes"
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
)

// How the dataset becomes STIX 2.1:
//
//   - organization → identity (identity_class organization); the portal
//     itself is one more identity, the creator of every object that no
//     organization claims.
//   - actor → threat-actor when it is an identified body (a state agency, a
//     company, a state-linked NGO, a person), intrusion-set when it is a
//     "network" or of "unknown" kind: STIX keeps threat-actor for who is
//     behind an operation and intrusion-set for a cluster of activity that
//     analysts named without knowing its owner, as with Storm-1516.
//   - technique → attack-pattern with a DISARM external reference; place →
//     location (ISO 3166-1 codes as country, ISO 3166-2 codes such as FR-20R
//     as administrative_area inside their country); campaign → campaign;
//     source → report, created_by_ref its publisher.
//   - attributions → attributed-to relationships, one per organization that
//     made the claim, created_by_ref that organization, with its confidence
//     on the scale of stixConfidence; techniques → uses; targets → targets;
//     an actor's or organization's country → located-at (originates-from
//     for an intrusion-set).
//   - A source supports what cites it: the report's object_refs hold those
//     objects, and for a structured claim the relationship with both of its
//     ends. Relationships carry no external_references of their own.
//
// Ids are UUIDv5 in stixNamespace of the record's kind and id
// ("campaign:matriochka"); relationships add their type and ends (and the
// claimant, for attributions). The bundle's id is UUIDv5 of its objects, so
// it changes exactly when they do. With the data's git history, an
// object's created and modified are the first and last commit of the
// record it comes from (a relationship's, of the record it starts from).
// Without it — a fresh checkout without history, a record not yet
// committed — created and modified are the earliest
// and latest date of the sources citing an object (a relationship nobody
// cites takes its source object's); an attribution's are the day the claim
// was made; an object nothing dates gets stixEpoch. So modified moves when
// a newer source is cited. An object with neither takes the newest source
// date of the dataset (stixFallback), never 1970. A date of month or year precision counts from its
// first day. first_seen and last_seen span every moment their dates can
// mean: the first millisecond of first_seen's period, the last of
// last_seen's. Descriptions are the summaries without citation markers.

// stixNamespace is the UUID namespace of every id in the bundle, chosen at
// random once. Changing it changes every id.
const stixNamespace = "60bd9085-017b-4df3-8a30-1da0731f4f3a"

// stixFallback dates an object nothing else dates in a dataset without
// sources: the founding case's report date.
var stixFallback = dataset.MustDate("2024-12-02")

// stixConfidence maps the dataset's confidence words onto STIX 2.1's
// None/Low/Med/High scale (STIX 2.1 appendix A): the middle value of each
// band. "not-stated" has no entry: no confidence property, which STIX reads
// as unspecified (0 would mean "None", that is no confidence at all).
var stixConfidence = map[string]int{"high": 85, "moderate": 50, "low": 15}

const portalKey = "identity:interference-watch"

type stixObject struct {
	Type               string           `json:"type"`
	SpecVersion        string           `json:"spec_version"`
	ID                 string           `json:"id"`
	CreatedBy          string           `json:"created_by_ref,omitempty"`
	Created            string           `json:"created"`
	Modified           string           `json:"modified"`
	Name               string           `json:"name,omitempty"`
	Description        string           `json:"description,omitempty"`
	Aliases            []string         `json:"aliases,omitempty"`
	Labels             []string         `json:"labels,omitempty"`
	IdentityClass      string           `json:"identity_class,omitempty"`
	Sectors            []string         `json:"sectors,omitempty"`
	ThreatActorTypes   []string         `json:"threat_actor_types,omitempty"`
	ResourceLevel      string           `json:"resource_level,omitempty"`
	Country            string           `json:"country,omitempty"`
	AdministrativeArea string           `json:"administrative_area,omitempty"`
	KillChainPhases    []killChainPhase `json:"kill_chain_phases,omitempty"`
	FirstSeen          string           `json:"first_seen,omitempty"`
	LastSeen           string           `json:"last_seen,omitempty"`
	ReportTypes        []string         `json:"report_types,omitempty"`
	Published          string           `json:"published,omitempty"`
	ObjectRefs         []string         `json:"object_refs,omitempty"`
	RelationshipType   string           `json:"relationship_type,omitempty"`
	SourceRef          string           `json:"source_ref,omitempty"`
	TargetRef          string           `json:"target_ref,omitempty"`
	Confidence         *int             `json:"confidence,omitempty"`
	Pattern            string           `json:"pattern,omitempty"`
	PatternType        string           `json:"pattern_type,omitempty"`
	ValidFrom          string           `json:"valid_from,omitempty"`
	IndicatorTypes     []string         `json:"indicator_types,omitempty"`
	ExternalReferences []externalRef    `json:"external_references,omitempty"`

	key     string         // the name its id is made from; orders the bundle
	from    string         // a relationship's source object key
	dates   []dataset.Date // dates of the sources citing it
	claimed dataset.Date   // an attribution's date, which overrides dates
}

type killChainPhase struct {
	KillChainName string `json:"kill_chain_name"`
	PhaseName     string `json:"phase_name"`
}

type externalRef struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`
}

// STIX returns the whole dataset as a STIX 2.1 bundle, one object per
// line, byte-identical for the same dataset.
// It fails, with every problem at once, when a record refers to one the
// dataset lacks or has a confidence word outside the scale; a validated
// dataset has neither.
//
// log, the data's git history, dates objects by their records' commits;
// it may be nil.
func STIX(d *dataset.Dataset, log *history.Log) ([]byte, error) {
	b := &stixBuilder{d: d, log: log, objs: map[string]*stixObject{}, cites: map[string][]string{}, paths: recordPaths(d)}
	b.identities()
	b.places()
	b.techniques()
	b.actors()
	b.campaigns()
	b.indicators() // indicators.go
	if len(b.errs) == 0 {
		b.reports()
	}
	if len(b.errs) > 0 {
		return nil, fmt.Errorf("stix: %w", errors.Join(b.errs...))
	}
	// One object per line: the file stays compact (at 10,000 campaigns an
	// indented bundle passes 100 MB, GitHub Pages' limit for one file), and
	// a line diff between two builds shows each changed object.
	objs := b.sorted()
	lines := make([][]byte, len(objs))
	for i, o := range objs {
		line, err := json.Marshal(o)
		if err != nil {
			return nil, fmt.Errorf("stix: %w", err)
		}
		lines[i] = line
	}
	// The bundle's id is derived from the objects, as json.Marshal writes
	// them in an array, so it changes exactly when they do.
	flat := append(append([]byte{'['}, bytes.Join(lines, []byte{','})...), ']')
	head, err := json.Marshal(struct {
		Type string `json:"type"`
		ID   string `json:"id"`
	}{"bundle", "bundle--" + uuid5(stixNamespace, "bundle:"+string(flat))})
	if err != nil {
		return nil, fmt.Errorf("stix: %w", err)
	}
	var out bytes.Buffer
	out.Write(head[:len(head)-1])
	out.WriteString(",\"objects\":[\n")
	out.Write(bytes.Join(lines, []byte(",\n")))
	out.WriteString("\n]}\n")
	return out.Bytes(), nil
}

type stixBuilder struct {
	d     *dataset.Dataset
	log   *history.Log
	paths map[string]string      // record key → its data file
	objs  map[string]*stixObject // by key
	cites map[string][]string    // source id → keys of the objects it supports
	errs  []error
}

func recordKey(k dataset.Kind, id string) string { return string(k) + ":" + id }

func (b *stixBuilder) add(typ, key string) *stixObject {
	o := &stixObject{Type: typ, SpecVersion: "2.1", ID: typ + "--" + uuid5(stixNamespace, key), key: key}
	if key != portalKey {
		o.CreatedBy = b.objs[portalKey].ID
	}
	b.objs[key] = o
	return o
}

// relate returns the relationship typ from one key to another, made once.
func (b *stixBuilder) relate(typ, from, to, claimant string) *stixObject {
	key := "relationship:" + typ + ":" + from + ":" + to
	if claimant != "" {
		key += ":by:" + claimant
	}
	if o := b.objs[key]; o != nil {
		return o
	}
	src, dst := b.objs[from], b.objs[to]
	if src == nil || dst == nil {
		b.errs = append(b.errs, fmt.Errorf("%s %s %s: unknown record", from, typ, to))
		return &stixObject{} // collects nothing; the error stops the export
	}
	o := b.add("relationship", key)
	o.RelationshipType, o.SourceRef, o.TargetRef, o.from = typ, src.ID, dst.ID, from
	return o
}

// support records that source supports the objects with keys.
func (b *stixBuilder) support(source string, keys ...string) {
	if b.d.Source(source) == nil {
		b.errs = append(b.errs, fmt.Errorf("%s: unknown source %q", keys[0], source))
		return
	}
	b.cites[source] = append(b.cites[source], keys...)
}

func (b *stixBuilder) identities() {
	p := b.add("identity", portalKey)
	p.Name, p.IdentityClass = "Interference Watch", "organization"
	p.Description = "A portal documenting foreign information manipulation and interference (FIMI) campaigns. " +
		"Attributions in this bundle are the claims of the organizations that made them, not the portal's verdicts."
	for _, org := range b.d.Organizations {
		o := b.add("identity", recordKey(dataset.KindOrganization, org.ID))
		o.Name, o.IdentityClass, o.Sectors = org.Name, "organization", orgSectors[org.Kind]
		if org.FullName != org.Name {
			o.Description = org.FullName
		}
		o.ExternalReferences = []externalRef{portalRef(org.ID)}
		if org.URL != "" {
			o.ExternalReferences = append(o.ExternalReferences, externalRef{SourceName: "website", URL: org.URL})
		}
	}
}

// orgSectors maps organization kinds onto STIX's industry-sector-ov;
// research has no fitting sector.
var orgSectors = map[string][]string{"government": {"government"}, "international": {"government"},
	"platform": {"technology"}, "media": {"communications"}, "ngo": {"non-profit"}}

// places runs after identities, so it can place organizations.
func (b *stixBuilder) places() {
	for _, p := range b.d.Places {
		o := b.add("location", recordKey(dataset.KindPlace, p.ID))
		o.Name, o.Country = p.Name, p.ID
		if country, _, sub := strings.Cut(p.ID, "-"); sub {
			o.Country, o.AdministrativeArea = country, p.ID
		}
	}
	for _, org := range b.d.Organizations {
		if org.Country != "" {
			b.relate("located-at", recordKey(dataset.KindOrganization, org.ID), recordKey(dataset.KindPlace, org.Country), "")
		}
	}
}

func (b *stixBuilder) techniques() {
	for _, t := range b.d.Techniques {
		o := b.add("attack-pattern", recordKey(dataset.KindTechnique, t.ID))
		o.Name = t.Name
		o.ExternalReferences = []externalRef{{SourceName: "DISARM", ExternalID: t.ID, URL: t.URL}}
		if t.Tactic != "" {
			o.KillChainPhases = []killChainPhase{{KillChainName: "disarm", PhaseName: strings.ToLower(t.Tactic)}}
		}
	}
}

// stateKinds are the actor kinds that STIX calls nation-state.
var stateKinds = map[string]bool{"state-agency": true, "state-media": true, "intelligence": true, "military": true}

// resourceLevels maps actor kinds onto STIX's attack-resource-level-ov.
var resourceLevels = map[string]string{"state-agency": "government", "state-media": "government", "intelligence": "government",
	"military": "government", "state-linked-ngo": "organization", "company": "organization", "individual": "individual"}

func (b *stixBuilder) actors() {
	for _, a := range b.d.Actors {
		key, typ, rel := recordKey(dataset.KindActor, a.ID), "threat-actor", "located-at"
		if a.Kind == "network" || a.Kind == "unknown" {
			typ, rel = "intrusion-set", "originates-from"
		}
		o := b.add(typ, key)
		o.Name, o.Aliases, o.Description, o.Labels = a.Name, a.Aliases, plainText(a.Summary), nonEmpty(a.Kind)
		o.ResourceLevel = resourceLevels[a.Kind]
		if stateKinds[a.Kind] {
			o.ThreatActorTypes = []string{"nation-state"}
		}
		o.ExternalReferences = []externalRef{portalRef(a.ID)}
		if a.Country != "" {
			b.relate(rel, key, recordKey(dataset.KindPlace, a.Country), "")
		}
		for _, s := range cite.Keys(a.Summary) {
			b.support(s, key)
		}
	}
}

func (b *stixBuilder) campaigns() {
	for _, c := range b.d.Campaigns {
		key := recordKey(dataset.KindCampaign, c.ID)
		o := b.add("campaign", key)
		o.Name, o.Aliases, o.Description = c.Name, c.Aliases.Names(), plainText(c.Summary)
		o.ExternalReferences = []externalRef{portalRef(c.ID)}
		for _, ref := range c.SameAs {
			if u, name := dataset.SameAsURL(ref); u != "" {
				_, id, _ := strings.Cut(ref, ":")
				o.ExternalReferences = append(o.ExternalReferences, externalRef{SourceName: name, ExternalID: id, URL: u})
			}
		}
		if c.FirstSeen != nil && c.FirstSeen.Date.Valid() {
			o.FirstSeen = timestamp(c.FirstSeen.Date.Start())
		}
		if c.LastSeen != nil && c.LastSeen.Date.Valid() {
			o.LastSeen = timestamp(c.LastSeen.Date.End().Add(24*time.Hour - time.Millisecond))
		}
		for _, s := range campaignSources(c) {
			b.support(s, key)
		}
		b.attributions(c, key)
		for _, t := range c.Techniques {
			to := recordKey(dataset.KindTechnique, t.ID)
			b.support(t.Source, key, to, b.relate("uses", key, to, "").key)
		}
		for _, t := range c.Targets {
			to := recordKey(dataset.KindPlace, t.Place)
			b.support(t.Source, key, to, b.relate("targets", key, to, "").key)
		}
	}
}

// campaignSources lists the sources that support a campaign as a whole:
// its source list, the sources its prose cites and those of its claims
// that have no STIX object of their own.
func campaignSources(c *dataset.Campaign) []string {
	out := append(slices.Clone(c.Sources), cite.Keys(c.Summary)...)
	for _, claim := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
		if claim != nil {
			out = append(out, claim.Source)
		}
	}
	for _, p := range c.Platforms {
		out = append(out, p.Source)
	}
	for _, n := range c.Narratives {
		out = append(out, n.Source)
	}
	if c.Impact != nil {
		out = append(out, c.Impact.Source)
		out = append(out, cite.Keys(c.Impact.Note)...)
	}
	for _, r := range c.Responses {
		out = append(out, r.Source)
		out = append(out, cite.Keys(r.Note)...)
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

func (b *stixBuilder) attributions(c *dataset.Campaign, key string) {
	for _, a := range c.Attributions {
		actor := recordKey(dataset.KindActor, a.Actor)
		r := b.relate("attributed-to", key, actor, a.By)
		if a.By != "" {
			if by := b.objs[recordKey(dataset.KindOrganization, a.By)]; by != nil {
				r.CreatedBy = by.ID
			} else {
				b.errs = append(b.errs, fmt.Errorf("%s: attributed by unknown organization %q", key, a.By))
			}
		}
		if n, ok := stixConfidence[a.Confidence]; ok {
			r.Confidence = &n
		} else if a.Confidence != "not-stated" && a.Confidence != "" {
			b.errs = append(b.errs, fmt.Errorf("%s: unknown confidence %q", key, a.Confidence))
		}
		r.claimed = a.Date
		b.support(a.Source, key, actor, r.key)
	}
}

// reports runs last: every other object must be there to be referred to.
func (b *stixBuilder) reports() {
	for _, s := range b.d.Sources {
		o := b.add("report", recordKey(dataset.KindSource, s.ID))
		o.Name, o.Description, o.Labels = s.Title, s.Excerpt, nonEmpty(s.Kind)
		if s.Status == "unreviewed" {
			o.Labels = append(o.Labels, s.Status)
		}
		date := sourceDate(s)
		if date.Valid() {
			o.Published, o.dates = timestamp(date.Start()), []dataset.Date{date}
		} else {
			o.Published = timestamp(b.fallback().Start())
		}
		pub := b.objs[recordKey(dataset.KindOrganization, s.Publisher)]
		if pub == nil {
			b.errs = append(b.errs, fmt.Errorf("source:%s: unknown publisher %q", s.ID, s.Publisher))
			continue
		}
		o.CreatedBy = pub.ID
		if s.URL != "" {
			o.ExternalReferences = []externalRef{{SourceName: pub.Name, URL: s.URL}}
		} else {
			o.ExternalReferences = []externalRef{{SourceName: pub.Name, Description: "original document; its own address is not known"}}
		}
		if s.Via != nil {
			host := s.Via.Organization
			if h := b.objs[recordKey(dataset.KindOrganization, host)]; h != nil {
				host = h.Name
			}
			o.ExternalReferences = append(o.ExternalReferences, externalRef{SourceName: host, Description: "copy read via " + host, URL: s.Via.URL})
		}
		if s.ArchiveURL != "" {
			o.ExternalReferences = append(o.ExternalReferences, externalRef{SourceName: "archive", Description: "archived copy", URL: s.ArchiveURL})
		}
		o.ExternalReferences = append(o.ExternalReferences, portalRef(s.ID))
		o.ObjectRefs, o.ReportTypes = b.reportRefs(s.ID, date)
		if len(o.ObjectRefs) == 0 { // nothing cites it, but a report must refer to something
			o.ObjectRefs, o.ReportTypes = []string{pub.ID}, []string{"threat-report"}
		}
	}
}

// reportRefs returns the ids of the objects source supports and the
// report types they make, and dates those objects with the source.
func (b *stixBuilder) reportRefs(source string, date dataset.Date) (refs, types []string) {
	var campaign, actor bool
	for _, k := range b.cites[source] {
		o := b.objs[k]
		if date.Valid() {
			o.dates = append(o.dates, date)
		}
		refs = append(refs, o.ID)
		campaign = campaign || o.Type == "campaign"
		actor = actor || o.Type == "threat-actor" || o.Type == "intrusion-set"
	}
	slices.Sort(refs)
	if campaign {
		types = append(types, "campaign")
	}
	if actor {
		types = append(types, "threat-actor")
	}
	if len(types) == 0 {
		types = []string{"threat-report"}
	}
	return slices.Compact(refs), types
}

// sourceDate is when a source was published, else when it was retrieved,
// else the zero Date.
func sourceDate(s *dataset.Source) dataset.Date {
	for _, d := range []dataset.Date{s.Published, s.Retrieved} {
		if d.Valid() {
			return d
		}
	}
	return dataset.Date{}
}

var stixTypeRank = map[string]int{"identity": 0, "location": 1, "attack-pattern": 2, "threat-actor": 3,
	"intrusion-set": 3, "campaign": 4, "indicator": 5, "report": 6, "relationship": 7}

// sorted returns the objects by type, then by key, with their timestamps.
func (b *stixBuilder) sorted() []*stixObject {
	type ranked struct {
		rank int
		o    *stixObject
	}
	rs := make([]ranked, 0, len(b.objs))
	for _, o := range b.objs {
		rs = append(rs, ranked{stixTypeRank[o.Type], o})
	}
	slices.SortFunc(rs, func(x, y ranked) int {
		return cmp.Or(cmp.Compare(x.rank, y.rank), strings.Compare(x.o.key, y.o.key))
	})
	objs := make([]*stixObject, len(rs))
	for i, r := range rs {
		objs[i] = r.o
	}
	for _, o := range objs { // relationships come last, after the objects they start from
		dates := o.dates
		if o.claimed.Valid() {
			dates = []dataset.Date{o.claimed}
		}
		if created, modified, ok := b.committed(o); ok {
			o.Created, o.Modified = timestamp(created), timestamp(modified)
			continue
		}
		switch {
		case len(dates) > 0:
			o.Created = timestamp(slices.MinFunc(dates, dataset.Date.Compare).Start())
			o.Modified = timestamp(slices.MaxFunc(dates, dataset.Date.Compare).Start())
		case o.from != "":
			o.Created, o.Modified = b.objs[o.from].Created, b.objs[o.from].Modified
		default:
			o.Created = timestamp(b.fallback().Start())
			o.Modified = o.Created
		}
	}
	return objs
}

// committed returns the first and last commit dates of the record object
// o comes from, when the history has them.
func (b *stixBuilder) committed(o *stixObject) (created, modified time.Time, ok bool) {
	key := cmp.Or(o.from, o.key)
	p := b.paths[key]
	if b.log == nil || p == "" {
		return time.Time{}, time.Time{}, false
	}
	created, modified = b.log.Added(p), b.log.Updated(p)
	if created.IsZero() || modified.IsZero() {
		return time.Time{}, time.Time{}, false
	}
	if modified.Before(created) {
		modified = created
	}
	return created, modified, true
}

// fallback is the newest publication date of the dataset's sources, or
// stixFallback when none is dated.
func (b *stixBuilder) fallback() dataset.Date {
	newest := stixFallback
	found := false
	for _, s := range b.d.Sources {
		if s.Published.Valid() && (!found || newest.Before(s.Published)) {
			newest, found = s.Published, true
		}
	}
	return newest
}

// recordPaths maps every record's STIX key to its data file.
func recordPaths(d *dataset.Dataset) map[string]string {
	m := map[string]string{}
	for _, r := range d.Campaigns {
		m[recordKey(dataset.KindCampaign, r.ID)] = r.Path
	}
	for _, r := range d.Actors {
		m[recordKey(dataset.KindActor, r.ID)] = r.Path
	}
	for _, r := range d.Organizations {
		m[recordKey(dataset.KindOrganization, r.ID)] = r.Path
	}
	for _, r := range d.Sources {
		m[recordKey(dataset.KindSource, r.ID)] = r.Path
	}
	for _, r := range d.Techniques {
		m[recordKey(dataset.KindTechnique, r.ID)] = r.Path
	}
	for _, r := range d.Places {
		m[recordKey(dataset.KindPlace, r.ID)] = r.Path
	}
	return m
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func portalRef(id string) externalRef {
	return externalRef{SourceName: "Interference Watch", ExternalID: id}
}

func nonEmpty(s ...string) []string {
	return slices.DeleteFunc(s, func(x string) bool { return x == "" })
}

// plainText turns cited Markdown prose into plain paragraphs: citation
// markers go, with the space before them; other Markdown stays as written.
func plainText(md string) string {
	var paras []string
	for _, p := range cite.Paragraphs(md) {
		if t := strings.Join(strings.Fields(cite.Strip(p.Text)), " "); t != "" {
			paras = append(paras, t)
		}
	}
	return strings.Join(paras, "\n\n")
}

// uuid5 is the RFC 9562 version 5 (SHA-1, name-based) UUID of name in
// namespace, written in its usual form.
func uuid5(namespace, name string) string {
	ns, err := hex.DecodeString(strings.ReplaceAll(namespace, "-", ""))
	if err != nil || len(ns) != 16 {
		panic("export: bad UUID namespace " + namespace)
	}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[:4], u[4:6], u[6:8], u[8:10], u[10:])
}
