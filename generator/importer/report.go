package importer

import (
	"fmt"
	"github.com/interference-watch/portal/generator/mdsafe"
	"slices"
	"strings"

	"github.com/interference-watch/portal/generator/cite"
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/fetch"
)

// proposeMatches lists, for each incident, the campaigns it may describe:
// those citing one of its URLs (normalised), and those whose name, alias
// or attributed actor the incident's name or summary names. Campaigns
// already naming the incident in same_as are left out.
func proposeMatches(d *dataset.Dataset, wb *Workbook) []Proposal {
	type cand struct {
		c       *dataset.Campaign
		urls    map[string]string // normalised URL → source id
		phrases []phrase
	}
	var cands []cand
	for _, c := range d.Campaigns {
		cd := cand{c: c, urls: map[string]string{}}
		for _, id := range campaignSourceIDs(c) {
			if s := d.Source(id); s != nil {
				if n, err := fetch.Normalize(s.URL); err == nil {
					cd.urls[n] = id
				}
			}
		}
		cd.phrases = append(cd.phrases, phrasesOf("name", c.Name, c.Aliases.Names())...)
		for _, a := range c.Attributions {
			// A state body's name (Russian government) is no sign of one campaign.
			if act := d.Actor(a.Actor); act != nil && !slices.Contains([]string{"state-agency", "intelligence", "military"}, act.Kind) {
				cd.phrases = append(cd.phrases, phrasesOf("actor", act.Name, act.Aliases)...)
			}
		}
		cands = append(cands, cd)
	}
	var out []Proposal
	for _, in := range wb.Incidents {
		text := in.Name + " \n " + in.Summary
		folded := " " + strings.Join(words(text), " ") + " "
		for _, cd := range cands {
			if slices.Contains(cd.c.SameAs, "disarm:"+in.ID) {
				continue
			}
			var ev []string
			for _, u := range in.URLs {
				if n, err := fetch.Normalize(u); err == nil {
					if id, ok := cd.urls[n]; ok {
						ev = append(ev, "cites the same document as source "+id)
					}
				}
			}
			seen := map[string]bool{}
			for _, ph := range cd.phrases {
				if !seen[ph.what+ph.text] && ph.in(text, folded) {
					seen[ph.what+ph.text] = true
					ev = append(ev, fmt.Sprintf("names the campaign's %s %q", ph.what, ph.text))
				}
			}
			if len(ev) > 0 {
				out = append(out, Proposal{Lead: dataset.LeadID("disarm", in.ID), Incident: in.ID, Name: in.Name, Campaign: cd.c.ID, Evidence: ev})
			}
		}
	}
	return out
}

// phrase is a name to look for: short all-capital aliases (IRA, RRN) as
// written, whole words; others folded, as a run of whole words.
type phrase struct {
	what, text string
	exact      bool
	folded     string
}

func phrasesOf(what, name string, aliases []string) []phrase {
	var out []phrase
	for _, s := range append([]string{name}, aliases...) {
		w := words(s)
		switch {
		case len(w) == 0:
		case len([]rune(s)) <= 4 && strings.ToUpper(s) == s:
			out = append(out, phrase{what: what, text: s, exact: true})
		case len(strings.Join(w, "")) >= 5:
			out = append(out, phrase{what: what, text: s, folded: " " + strings.Join(w, " ") + " "})
		}
	}
	return out
}

func (p phrase) in(text, folded string) bool {
	if !p.exact {
		return strings.Contains(folded, p.folded)
	}
	for i := strings.Index(text, p.text); i >= 0; {
		end := i + len(p.text)
		before := i == 0 || !isWordByte(text[i-1])
		after := end == len(text) || !isWordByte(text[end])
		if before && after {
			return true
		}
		j := strings.Index(text[end:], p.text)
		if j < 0 {
			break
		}
		i = end + j
	}
	return false
}

func isWordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// campaignSourceIDs lists every source a campaign cites or lists.
func campaignSourceIDs(c *dataset.Campaign) []string {
	out := append(slices.Clone(c.Sources), cite.Keys(c.Summary)...)
	for _, cl := range []*dataset.Claim{c.FirstSeen, c.LastSeen} {
		if cl != nil {
			out = append(out, cl.Source)
		}
	}
	for _, a := range c.Attributions {
		out = append(out, a.Source)
	}
	for _, t := range c.Targets {
		out = append(out, t.Source)
	}
	for _, t := range c.Techniques {
		out = append(out, t.Source)
	}
	for _, p := range c.Platforms {
		out = append(out, p.Source)
	}
	for _, r := range c.Responses {
		out = append(out, r.Source)
	}
	if c.Impact != nil {
		out = append(out, c.Impact.Source)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// MD makes untrusted text safe to put in a Markdown report that GitHub
// renders (a pull request body): one line of at most n runes, made inert
// by mdsafe.Text, the one implementation every report shares.
func MD(s string, n int) string {
	return mdsafe.Text(clip(oneLine(s), n))
}

// MDDefang writes a host or URL from a dataset in a report: defanged, so
// it is no link, and escaped like [MD].
func MDDefang(s string, n int) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "http", "hxxp"), ".", "[.]")
	return MD(s, n)
}

// IncidentsReport writes the markdown report of a DISARM incidents
// import: counts, the proposed matches, what is left in the leads only,
// and the workbook's odd cells.
func IncidentsReport(r *LeadsResult, from string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# DISARM incidents import\n\n")
	p("From %s. DISARM's data is © DISARM Foundation, under CC BY-SA 4.0; every lead and every source made from it records that.\n\n", MDDefang(from, 200))
	p("Leads are never published: review each into a campaign (or reject it) by editing its file in `data/leads/`.\n\n")
	p("| | count |\n|---|---:|\n")
	for _, row := range []struct {
		k string
		n int
	}{{"leads created", len(r.Created)}, {"leads updated", len(r.Updated)}, {"leads unchanged", len(r.Unchanged)},
		{"leads reviewed or rejected, not touched", len(r.Protected)}, {"reference URLs", r.References},
		{"sources created (unreviewed)", len(r.SourcesCreated)}, {"existing sources matched", len(r.SourcesMatched)},
		{"references kept in the lead only: no known publisher", sum(r.NoPublisher)},
		{"references kept in the lead only: no document title", r.NoTitle},
		{"matches proposed", len(r.Proposals)}, {"workbook cells skipped", len(r.Warnings)}} {
		p("| %s | %d |\n", row.k, row.n)
	}
	p("\n## Proposed matches\n\n")
	if len(r.Proposals) == 0 {
		p("None.\n")
	} else {
		p("Check each against the documents; when a lead does describe the campaign, add `same_as: [disarm:Innnnn]` to the campaign and set the lead's `status: reviewed` and `campaign:`. The importer never does it.\n\n")
		p("| lead | DISARM name | campaign | why |\n|---|---|---|---|\n")
		for _, m := range r.Proposals {
			ev := make([]string, len(m.Evidence))
			for i, e := range m.Evidence {
				ev[i] = MD(e, 120)
			}
			p("| `%s` | %s | `%s` | %s |\n", m.Lead, MD(m.Name, 80), m.Campaign, strings.Join(ev, "; "))
		}
	}
	if len(r.SourcesCreated) > 0 {
		p("\n## Sources created\n\nEach is `status: unreviewed`: read the document, correct the title, kind and language, then set `status: reviewed`.\n\n")
		for _, id := range r.SourcesCreated {
			p("- `%s`\n", id)
		}
	}
	if len(r.NoPublisher) > 0 {
		p("\n## Hosts with no known publisher\n\nTheir references stay in the leads. Add the organization (with its `url` on that host) and import again to make sources of them.\n\n| host | references |\n|---|---:|\n")
		hosts := make([]string, 0, len(r.NoPublisher))
		for h := range r.NoPublisher {
			hosts = append(hosts, h)
		}
		slices.Sort(hosts)
		for _, h := range hosts {
			p("| %s | %d |\n", MDDefang(h, 80), r.NoPublisher[h])
		}
	}
	if len(r.UnknownTechniques) > 0 {
		p("\n## Technique ids not in data/techniques, left out\n\n")
		ids := make([]string, 0, len(r.UnknownTechniques))
		for id := range r.UnknownTechniques {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			p("- %s (%d)\n", MD(id, 20), r.UnknownTechniques[id])
		}
	}
	if len(r.Warnings) > 0 {
		p("\n## Workbook cells skipped\n\n")
		for _, w := range r.Warnings {
			p("- %s\n", MD(w.Error(), 200))
		}
	}
	return b.String()
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// MetaReportMarkdown writes the markdown report of a Meta indicators import:
// counts, the mapped networks, the unmapped ones (leads for maintainers)
// and the values that were not valid indicators.
func MetaReportMarkdown(r *MetaResult, from string) string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	imported := 0
	for _, m := range r.Mapped {
		imported += len(m.Network.Indicators)
	}
	p("# Meta threat indicators import\n\n")
	p("From %s. Meta's threat-research data is © Meta Platforms, Inc., under the MIT licence; every indicator set and source made from it records that.\n\n", MDDefang(from, 200))
	p("| | count |\n|---|---:|\n")
	for _, row := range []struct {
		k string
		n int
	}{{"networks (CSV files) read", r.Networks}, {"networks mapped to campaigns", len(r.Mapped)}, {"networks not mapped (leads)", len(r.Unmapped)},
		{"indicators imported", imported}, {"indicator files created", len(r.Files.Created)}, {"indicator files updated", len(r.Files.Updated)},
		{"indicator files unchanged", len(r.Files.Unchanged)}, {"sources created (unreviewed)", len(r.SourcesCreated)},
		{"existing sources matched", len(r.SourcesMatched)}, {"values that are not valid indicators", len(r.Invalid)}} {
		p("| %s | %d |\n", row.k, row.n)
	}
	p("\n## Mapped networks\n\n")
	if len(r.Mapped) == 0 {
		p("None: map networks to campaigns in `data/%s`.\n", MappingPath)
	} else {
		p("| network | campaign | indicators | by type |\n|---|---|---:|---|\n")
		for _, m := range r.Mapped {
			p("| %s | `%s` | %d | %s |\n", MD(m.File, 120), m.Campaign, len(m.Network.Indicators), typeCounts(m.ByType))
		}
	}
	p("\n## Networks not mapped: leads\n\nIf one of these is a campaign already on the record, confirm it from Meta's report and add it to `data/%s` with the evidence.\n\n", MappingPath)
	p("| network | reported | indicators | other rows |\n|---|---|---:|---:|\n")
	for _, n := range r.Unmapped {
		by := map[string]int{}
		for _, in := range n.Indicators {
			by[in.Type]++
		}
		other := n.Text
		for _, c := range n.Types {
			other += c
		}
		p("| %s | %s | %d (%s) | %d |\n", MD(n.File, 120), MD(n.Reported, 10), len(n.Indicators), typeCounts(by), other)
	}
	if len(r.Invalid) > 0 {
		p("\n## Values that are not valid indicators, not imported\n\n")
		for i, e := range r.Invalid {
			if i == 200 {
				p("- … and %d more\n", len(r.Invalid)-200)
				break
			}
			p("- %s\n", MDDefang(e.Error(), 240))
		}
	}
	return b.String()
}

func typeCounts(by map[string]int) string {
	var parts []string
	for _, t := range []string{"domain", "url", "ipv4", "ipv6", "email"} {
		if by[t] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", t, by[t]))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
