package export

import (
	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/indicator"
)

// IndicatorColumns are the columns of the indicator CSVs: one row per
// indicator and report, the value as published and defanged.
var IndicatorColumns = []string{"campaign", "type", "value", "value_defanged", "reported_by", "reported", "source", "source_url", "network"}

// IndicatorTables returns data/indicators/<campaign>.csv for each campaign
// with indicators and data/indicators/all.csv with every one.
func IndicatorTables(d *dataset.Dataset) []Table {
	all := Table{Name: "indicators/all", Columns: IndicatorColumns}
	var out []Table
	for _, in := range d.Indicators {
		if d.Campaign(in.ID) == nil {
			continue
		}
		t := Table{Name: "indicators/" + in.ID, Columns: IndicatorColumns}
		for _, s := range in.Sets {
			srcURL := ""
			if src := d.Source(s.Source); src != nil {
				srcURL = src.URL
			}
			for _, v := range s.Indicators {
				t.Rows = append(t.Rows, []string{in.ID, v.Type, v.Value, indicator.Defang(v.Type, v.Value), s.By,
					dateCell(s.Reported), s.Source, srcURL, s.Network})
			}
		}
		all.Rows = append(all.Rows, t.Rows...)
		out = append(out, t)
	}
	return append(out, all)
}

func writeIndicatorTables(d *dataset.Dataset, dest Writer) error {
	for _, t := range IndicatorTables(d) {
		if err := writeTable(dest, "data/"+t.Name+".csv", t); err != nil {
			return err
		}
	}
	return nil
}

// indicators adds a STIX indicator for every value of a campaign's
// indicator file, with a pattern matching it, valid from the day it was
// reported, created_by_ref the organization that reported it and an
// external reference to the report, and an "indicates" relationship to the
// campaign. The same value reported twice for one campaign is one
// indicator, created by the first reporter.
func (b *stixBuilder) indicators() {
	for _, in := range b.d.Indicators {
		camp := recordKey(dataset.KindCampaign, in.ID)
		if b.objs[camp] == nil {
			continue // validation reports it
		}
		for _, s := range in.Sets {
			by := b.objs[recordKey(dataset.KindOrganization, s.By)]
			src := b.d.Source(s.Source)
			if by == nil || src == nil {
				continue // validation reports it
			}
			date := s.Reported
			if !date.Valid() {
				date = sourceDate(src)
			}
			for _, v := range s.Indicators {
				key := "indicator:" + in.ID + ":" + indicator.Key(v.Type, v.Value)
				if b.objs[key] != nil {
					continue
				}
				o := b.add("indicator", key)
				o.CreatedBy = by.ID
				o.Name = indicator.Defang(v.Type, v.Value)
				o.Pattern, o.PatternType = indicator.Pattern(v.Type, v.Value), "stix"
				o.ValidFrom = timestamp(date.Start())
				o.IndicatorTypes = []string{"malicious-activity"}
				o.ExternalReferences = []externalRef{{SourceName: src.Title, URL: src.URL}}
				o.dates = []dataset.Date{date}
				r := b.relate("indicates", key, camp, "")
				r.CreatedBy = by.ID
				b.support(s.Source, key)
			}
		}
	}
}
