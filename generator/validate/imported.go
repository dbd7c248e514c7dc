package validate

import (
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/indicator"
)

// imported checks the records that public datasets bring in: leads and
// indicator files.
func (c *checker) imported() {
	for _, l := range c.d.Leads {
		c.lead(l)
	}
	for _, in := range c.d.Indicators {
		c.indicators(in)
	}
}

func (c *checker) lead(l *dataset.Lead) {
	if l.Imported != nil {
		c.link(l.Meta, l.Imported.URL, "imported", "url")
	}
	for i, t := range l.Techniques {
		if c.d.Technique(t) == nil {
			c.add(l.Meta, dataset.Ptr("techniques", i), "unknown technique %q", t)
		}
	}
	for i, r := range l.References {
		c.link(l.Meta, r.URL, "references", i, "url")
		c.link(l.Meta, r.ArchiveURL, "references", i, "archive_url")
		c.date(l.Meta, r.Published, dataset.Ptr("references", i, "published"))
		if r.Source != "" && c.d.Source(r.Source) == nil {
			c.add(l.Meta, dataset.Ptr("references", i, "source"), "unknown source %q", r.Source)
		}
	}
	c.date(l.Meta, l.Added, dataset.Ptr("added"))
	if l.Campaign != "" && c.d.Campaign(l.Campaign) == nil {
		c.add(l.Meta, dataset.Ptr("campaign"), "unknown campaign %q", l.Campaign)
	}
}

func (c *checker) indicators(in *dataset.Indicators) {
	if c.d.Campaign(in.ID) == nil {
		c.add(in.Meta, dataset.Ptr("sets"), "no campaign %q: an indicator file is named after its campaign", in.ID)
	}
	seen := map[string]bool{}
	for i, s := range in.Sets {
		if c.d.Organization(s.By) == nil {
			c.add(in.Meta, dataset.Ptr("sets", i, "by"), "unknown organization %q", s.By)
		}
		if c.d.Source(s.Source) == nil {
			c.add(in.Meta, dataset.Ptr("sets", i, "source"), "unknown source %q", s.Source)
		}
		c.date(in.Meta, s.Reported, dataset.Ptr("sets", i, "reported"))
		if s.Imported != nil {
			c.link(in.Meta, s.Imported.URL, "sets", i, "imported", "url")
		}
		for j, v := range s.Indicators {
			norm, err := indicator.Normalize(v.Type, v.Value)
			switch {
			case err != nil:
				c.add(in.Meta, dataset.Ptr("sets", i, "indicators", j, "value"), "not a valid %s indicator: %v", v.Type, err)
				continue
			case norm != v.Value:
				c.add(in.Meta, dataset.Ptr("sets", i, "indicators", j, "value"), "write %q as %q", v.Value, norm)
			}
			key := s.Source + " " + indicator.Key(v.Type, norm)
			if seen[key] {
				c.add(in.Meta, dataset.Ptr("sets", i, "indicators", j, "value"), "%s %q is listed twice for this report", v.Type, v.Value)
			}
			seen[key] = true
		}
	}
}
