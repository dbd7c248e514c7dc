package cli

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/validate"
	"github.com/olekukonko/tablewriter"
	"github.com/spf13/cobra"
)

func statsCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Count records per kind, campaigns per actor country, per target and per year",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d, probs, err := validate.Run(os.DirFS(e.root), "data", validate.Options{Now: e.now()})
			if err != nil {
				return err
			}
			if len(probs) > 0 {
				fmt.Fprintf(e.stderr, "warning: %s in the data (run portal validate); counting what could be read\n", plural(len(probs), "problem", "problems"))
			}
			return writeStats(e.stdout, d)
		},
	}
}

type count struct {
	key string
	n   int
}

func writeStats(w io.Writer, d *dataset.Dataset) error {
	counts := d.Counts()
	var kinds []count
	for _, k := range dataset.Kinds {
		kinds = append(kinds, count{string(k), counts[k]})
	}
	byCountry, byTarget, byYear := map[string]int{}, map[string]int{}, map[string]int{}
	for _, c := range d.Campaigns {
		for _, country := range campaignCountries(d, c) {
			byCountry[country]++
		}
		seen := map[string]bool{}
		for _, t := range c.Targets {
			if !seen[t.Place] {
				seen[t.Place] = true
				byTarget[t.Place]++
			}
		}
		years := d.ActiveYears(c)
		if len(years) == 0 {
			byYear["unknown"]++
		}
		for _, y := range years {
			byYear[strconv.Itoa(y)]++
		}
	}
	for _, t := range []struct {
		title, col string
		rows       []count
	}{
		{"Records per kind", "kind", kinds},
		{"Campaigns per attributed actor country", "country", sorted(byCountry, false)},
		{"Campaigns per target", "target", sorted(byTarget, false)},
		{"Campaigns active per year", "year", sorted(byYear, true)},
	} {
		if err := table(w, t.title, t.col, t.rows); err != nil {
			return err
		}
	}
	return nil
}

// campaignCountries lists the distinct countries of a campaign's
// attributed actors.
func campaignCountries(d *dataset.Dataset, c *dataset.Campaign) []string {
	var out []string
	for _, a := range c.Attributions {
		country := "unknown"
		if act := d.Actor(a.Actor); act != nil && act.Country != "" {
			country = act.Country
		}
		if !slices.Contains(out, country) {
			out = append(out, country)
		}
	}
	if len(out) == 0 {
		out = append(out, "unattributed")
	}
	return out
}

// sorted orders counts by count, largest first, or by key when byKey.
func sorted(m map[string]int, byKey bool) []count {
	out := make([]count, 0, len(m))
	for k, n := range m {
		out = append(out, count{k, n})
	}
	slices.SortFunc(out, func(a, b count) int {
		if byKey {
			return cmp.Compare(a.key, b.key)
		}
		return cmp.Or(cmp.Compare(b.n, a.n), cmp.Compare(a.key, b.key))
	})
	return out
}

func table(w io.Writer, title, col string, rows []count) error {
	fmt.Fprintf(w, "\n%s\n", title)
	t := tablewriter.NewWriter(w)
	t.Header(col, "count")
	for _, r := range rows {
		if err := t.Append(r.key, strconv.Itoa(r.n)); err != nil {
			return err
		}
	}
	return t.Render()
}
