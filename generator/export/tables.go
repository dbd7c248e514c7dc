package export

import (
	"bytes"
	"cmp"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
)

// Table is one flat CSV download: a header row, then one row per record
// (or per claim, for attributions). Lists inside a cell are joined by
// "; ". The columns are documented on the data page, which a test keeps
// in step with Columns.
type Table struct {
	Name    string
	Columns []string
	Rows    [][]string
}

// ListSep joins the items of a list in one CSV cell.
const ListSep = "; "

// Tables returns the CSV downloads: one per kind of record, and
// attributions.csv with one row per attribution claim.
func Tables(d *dataset.Dataset) []Table {
	ts := []Table{
		{Name: "campaigns", Columns: []string{"id", "name", "name_fr", "aliases", "status", "first_seen", "last_seen",
			"attributed_actors", "attributed_by", "targets", "platforms", "techniques", "breakout", "sources"}},
		{Name: "attributions", Columns: []string{"campaign", "actor", "by", "confidence", "confidence_basis", "date", "source"}},
		{Name: "actors", Columns: []string{"id", "name", "aliases", "kind", "country", "links"}},
		{Name: "organizations", Columns: []string{"id", "name", "full_name", "kind", "country", "url", "domains"}},
		{Name: "sources", Columns: []string{"id", "title", "url", "via_url", "via_organization", "publisher", "published", "language", "kind",
			"authors", "archive_url", "retrieved", "status", "excerpt"}},
		{Name: "techniques", Columns: []string{"id", "name", "tactic", "url"}},
		{Name: "places", Columns: []string{"id", "name", "name_fr", "kind", "parent"}},
	}
	for _, c := range d.Campaigns {
		ts[0].Rows = append(ts[0].Rows, campaignRow(c))
		for _, a := range c.Attributions {
			ts[1].Rows = append(ts[1].Rows, []string{c.ID, a.Actor, a.By, a.Confidence, basisCell(a.Basis), dateCell(a.Date), a.Source})
		}
	}
	for _, a := range d.Actors {
		ts[2].Rows = append(ts[2].Rows, []string{a.ID, a.Name, list(a.Aliases), a.Kind, a.Country, list(a.Links)})
	}
	for _, o := range d.Organizations {
		ts[3].Rows = append(ts[3].Rows, []string{o.ID, o.Name, o.FullName, o.Kind, o.Country, o.URL, list(o.Domains)})
	}
	for _, s := range d.Sources {
		var viaURL, viaOrg string
		if s.Via != nil {
			viaURL, viaOrg = s.Via.URL, s.Via.Organization
		}
		ts[4].Rows = append(ts[4].Rows, []string{s.ID, s.Title, s.URL, viaURL, viaOrg, s.Publisher, dateCell(s.Published), s.Language, s.Kind,
			list(s.Authors), s.ArchiveURL, dateCell(s.Retrieved), s.Status, s.Excerpt})
	}
	for _, t := range d.Techniques {
		ts[5].Rows = append(ts[5].Rows, []string{t.ID, t.Name, t.Tactic, t.URL})
	}
	for _, p := range d.Places {
		ts[6].Rows = append(ts[6].Rows, []string{p.ID, p.Name, p.NameFR, p.Kind, p.Parent})
	}
	return ts
}

// basisCell is an attribution's confidence basis in one cell: the quote,
// or the scale's name.
func basisCell(b *dataset.ConfidenceBasis) string {
	if b == nil {
		return ""
	}
	return cmp.Or(b.Quote, b.Scale)
}

func campaignRow(c *dataset.Campaign) []string {
	var actors, by, targets, platforms, techniques []string
	for _, a := range c.Attributions {
		actors, by = appendNew(actors, a.Actor), appendNew(by, a.By)
	}
	for _, t := range c.Targets {
		targets = appendNew(targets, t.Place)
	}
	for _, p := range c.Platforms {
		platforms = appendNew(platforms, p.Name)
	}
	for _, t := range c.Techniques {
		techniques = appendNew(techniques, t.ID)
	}
	first, last, breakout, nameFR := "", "", "", ""
	if c.FirstSeen != nil {
		first = dateCell(c.FirstSeen.Date)
	}
	if c.LastSeen != nil {
		last = dateCell(c.LastSeen.Date)
	}
	if c.Impact != nil && c.Impact.Breakout > 0 {
		breakout = strconv.Itoa(c.Impact.Breakout)
	}
	if c.FR != nil {
		nameFR = c.FR.Name
	}
	return []string{c.ID, c.Name, nameFR, list(c.Aliases.Names()), c.Status, first, last, list(actors), list(by),
		list(targets), list(platforms), list(techniques), breakout, list(c.Sources)}
}

func dateCell(d dataset.Date) string {
	if !d.Valid() {
		return ""
	}
	return d.String()
}

func list(xs []string) string { return strings.Join(xs, ListSep) }

// BOM starts every CSV file: without it, Excel reads UTF-8 as the
// system's legacy code page and garbles accented names.
const BOM = "\ufeff"

// writeTable writes t as RFC 4180 CSV (CRLF line ends) in UTF-8 with a
// byte-order mark, every cell guarded against being read as a formula by
// a spreadsheet.
func writeTable(dest Writer, path string, t Table) error {
	var buf bytes.Buffer
	buf.WriteString(BOM)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if err := w.Write(t.Columns); err != nil {
		return err
	}
	row := make([]string, len(t.Columns))
	for _, r := range t.Rows {
		for i, cell := range r {
			row[i] = SafeCell(cell)
		}
		if err := w.Write(row); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return dest.WriteFile(path, buf.Bytes())
}

// SafeCell stops a spreadsheet from reading a cell as a formula: a cell
// that starts with = + - @, a tab or a carriage return gets a leading
// apostrophe, as OWASP advises. Every other cell is unchanged.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func appendNew(xs []string, x string) []string {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// ChangeLog is the shape of data/changes.json: every commit that touched
// the data, newest first, with what it did to which record.
type ChangeLog struct {
	Changes []ChangeEntry `json:"changes"`
}

// ChangeEntry is one commit in the change log.
type ChangeEntry struct {
	Commit  string         `json:"commit"`
	Date    string         `json:"date"`
	Subject string         `json:"subject"`
	URL     string         `json:"url,omitempty"`
	Records []RecordChange `json:"records"`
}

// RecordChange is what one commit did to one record.
type RecordChange struct {
	Kind   string `json:"kind"`
	ID     string `json:"id"`
	Status string `json:"status"` // added, modified or deleted
}

// Changes turns the git history of data/ into the change log. Files
// that are not records (outside a kind's folder) are left out.
func Changes(l *history.Log, repo string) ChangeLog {
	out := ChangeLog{Changes: []ChangeEntry{}}
	if l == nil {
		return out
	}
	kinds := map[string]dataset.Kind{}
	for _, k := range dataset.Kinds {
		kinds[k.Dir()] = k
	}
	for _, c := range l.Changes {
		e := ChangeEntry{Commit: c.Commit, Date: c.Date.UTC().Format(time.RFC3339), Subject: c.Subject, Records: []RecordChange{}}
		if repo != "" {
			e.URL = strings.TrimSuffix(repo, "/") + "/commit/" + c.Commit
		}
		for i, p := range c.Paths {
			dir, file, ok := strings.Cut(strings.TrimPrefix(p, "data/"), "/")
			k, known := kinds[dir]
			id, yaml := strings.CutSuffix(file, ".yaml")
			if !ok || !known || !yaml || strings.Contains(id, "/") {
				continue
			}
			e.Records = append(e.Records, RecordChange{Kind: string(k), ID: id, Status: c.StatusOf(i)})
		}
		out.Changes = append(out.Changes, e)
	}
	return out
}
