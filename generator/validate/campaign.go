package validate

import (
	"fmt"

	"github.com/interference-watch/portal/generator/dataset"
)

func (c *checker) campaign(cp *dataset.Campaign) {
	m := cp.Meta
	c.claim(m, cp.FirstSeen, "first_seen")
	c.claim(m, cp.LastSeen, "last_seen")
	if cp.FirstSeen != nil && cp.LastSeen != nil && cp.FirstSeen.Date.Valid() && cp.LastSeen.Date.Valid() &&
		cp.LastSeen.Date.Before(cp.FirstSeen.Date) {
		c.add(m, dataset.Ptr("last_seen", "date"), "last seen %s is before first seen %s", cp.LastSeen.Date, cp.FirstSeen.Date)
	}
	for i, a := range cp.Attributions {
		c.attribution(m, i, a)
	}
	for i, t := range cp.Targets {
		c.placeRef(m, t.Place, dataset.Ptr("targets", i, "place"))
		c.sourceRef(m, t.Source, "targets", i, "source")
	}
	for i, t := range cp.Techniques {
		if t.ID != "" && c.d.Technique(t.ID) == nil && dataset.IDPattern(dataset.KindTechnique).MatchString(t.ID) {
			// DISARM's ids are a closed set (portal import disarm keeps
			// data/techniques complete): suggest the nearest, never a new file.
			msg := fmt.Sprintf("unknown technique %q: not in DISARM's framework (data/techniques holds all of it; never add one by hand)", t.ID)
			if n := nearest(t.ID, c.techniqueIDs); n != "" {
				msg += fmt.Sprintf("; did you mean %s (%s)?", n, c.d.Technique(n).Name)
			}
			c.add(m, dataset.Ptr("techniques", i, "id"), "%s", msg)
		}
		c.sourceRef(m, t.Source, "techniques", i, "source")
	}
	for i, pl := range cp.Platforms {
		c.sourceRef(m, pl.Source, "platforms", i, "source")
	}
	for i, n := range cp.Narratives {
		c.sourceRef(m, n.Source, "narratives", i, "source")
	}
	if cp.Impact != nil {
		c.sourceRef(m, cp.Impact.Source, "impact", "source")
		c.prose(m, cp.Impact.Note, dataset.Ptr("impact", "note"), false)
		if cp.Impact.FR != nil {
			c.prose(m, cp.Impact.FR.Note, dataset.Ptr("impact", "fr", "note"), false)
		}
	}
	for i, r := range cp.Responses {
		c.response(m, i, r)
	}
	for i, s := range cp.Sources {
		c.sourceRef(m, s, "sources", i)
	}
	for i, a := range cp.Aliases {
		c.sourceRef(m, a.Source, "aliases", i, "source")
	}
	if (cp.Status == "ongoing" || cp.Status == "ended") && cp.StatusSource == "" {
		c.add(m, dataset.Ptr("status"), "status %q needs the source that says so: add status_source, or write status: unknown", cp.Status)
	}
	c.sourceRef(m, cp.StatusSource, "status_source")
	c.corrections(m, cp.Corrections)
	if cp.Status != dataset.StatusDraft {
		c.placeholder(m, cp.Name, "name")
		c.placeholder(m, cp.Summary, "summary")
	}
	// Prose last: the summary usually ends the file, and a problem said
	// once per record (an unreviewed source) is said at its first use.
	c.prose(m, cp.Summary, dataset.Ptr("summary"), true)
	if cp.FR != nil {
		c.prose(m, cp.FR.Summary, dataset.Ptr("fr", "summary"), true)
	}
}

func (c *checker) claim(m dataset.Meta, cl *dataset.Claim, field string) {
	if cl == nil {
		return
	}
	c.date(m, cl.Date, dataset.Ptr(field, "date"))
	c.sourceRef(m, cl.Source, field, "source")
}

func (c *checker) attribution(m dataset.Meta, i int, a dataset.Attribution) {
	if a.Actor != "" && c.d.Actor(a.Actor) == nil {
		c.add(m, dataset.Ptr("attributions", i, "actor"), "unknown actor %q: add data/actors/%s.yaml%s", a.Actor, a.Actor, didYouMean(a.Actor, c.actorIDs))
	}
	c.orgRef(m, a.By, "attributions", i, "by")
	c.date(m, a.Date, dataset.Ptr("attributions", i, "date"))
	c.sourceRef(m, a.Source, "attributions", i, "source")
	if (a.Confidence == "high" || a.Confidence == "moderate" || a.Confidence == "low") && a.Basis == nil {
		c.add(m, dataset.Ptr("attributions", i, "confidence"),
			"confidence %q needs its basis: add confidence_basis: {quote: \"the attributor's own words\"} or {scale: \"the scale it used\"}, or write not-stated", a.Confidence)
	}
	if a.Confidence == "not-stated" && a.Basis != nil {
		c.add(m, dataset.Ptr("attributions", i, "confidence_basis"), "confidence_basis is given but confidence is not-stated: give the level the attributor stated")
	}
}

func (c *checker) response(m dataset.Meta, i int, r dataset.Response) {
	c.date(m, r.Date, dataset.Ptr("responses", i, "date"))
	c.orgRef(m, r.By, "responses", i, "by")
	c.sourceRef(m, r.Source, "responses", i, "source")
	c.prose(m, r.Note, dataset.Ptr("responses", i, "note"), false)
	if r.FR != nil {
		c.prose(m, r.FR.Note, dataset.Ptr("responses", i, "fr", "note"), false)
	}
}

func (c *checker) orgRef(m dataset.Meta, id string, ptr ...any) {
	if id != "" && c.d.Organization(id) == nil {
		c.add(m, dataset.Ptr(ptr...), "unknown organization %q: add data/organizations/%s.yaml%s", id, id, didYouMean(id, c.orgIDs))
	}
}

func (c *checker) sourceRef(m dataset.Meta, id string, ptr ...any) {
	if id == "" {
		return
	}
	if msg := c.sourceProblem(m, id); msg != "" {
		c.add(m, dataset.Ptr(ptr...), "%s", msg[len("[@"+id+"]: "):])
	}
}
