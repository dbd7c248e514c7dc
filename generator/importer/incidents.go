package importer

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Limits on a DISARM workbook. The master workbook of 2025 is 4 MiB with
// a few hundred rows a sheet; these leave room for growth and stop a
// zip bomb or a runaway sheet before it costs memory.
const (
	MaxWorkbookBytes = 64 << 20
	maxUnzipped      = 256 << 20
	MaxSheetRows     = 20_000
	maxCellBytes     = 32_767 // Excel's own limit on a cell
)

// Incident is one row of the workbook's incidents sheet, with its
// techniques from the incidenttechniques sheet.
type Incident struct {
	ID           string // I00033
	Name         string
	Type         string   // DISARM's objecttype: incident, campaign …
	Summary      string   // DISARM's text, kept only in the lead
	Year         int      // 0 when not given
	Attributions []string // as DISARM writes them: Russia, China …
	Countries    []string // where it was found, as DISARM writes them
	URLs         []string // absolute http(s) URLs, in the workbook's order
	Added        string   // YYYY-MM-DD or ""
	Techniques   []string // technique ids, sorted
	Row          int      // the row in the incidents sheet
}

// URLInfo is one row of the workbook's urls sheet.
type URLInfo struct {
	Published    string // YYYY-MM-DD or ""
	Authors      []string
	Organization string
	Archive      string
}

// Workbook is what the importer keeps of DISARM's master workbook.
type Workbook struct {
	Incidents []Incident         // sorted by id
	URLs      map[string]URLInfo // by URL, as written in the urls sheet
	Warnings  []*CellError       // odd cells that were skipped, located
}

// CellError is a problem at a place in a workbook or CSV file. Row and
// Col are 1-based; Col 0 means the whole row, Row 0 the whole sheet.
type CellError struct {
	File, Sheet string
	Row, Col    int
	Msg         string
}

func (e *CellError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		b.WriteString(": sheet " + strconv.Quote(e.Sheet))
	}
	if e.Row > 0 {
		b.WriteString(", row " + strconv.Itoa(e.Row))
	}
	if e.Col > 0 {
		name, _ := excelize.ColumnNumberToName(e.Col)
		if e.Sheet == "" { // a CSV file: columns by number
			name = strconv.Itoa(e.Col)
		}
		b.WriteString(", column " + name)
	}
	return b.String() + ": " + e.Msg
}

var (
	incidentID  = regexp.MustCompile(`^I[0-9]{5}$`)
	isoDay      = regexp.MustCompile(`^([0-9]{4})[-/]([0-9]{2})[-/]([0-9]{2})`)
	yearPattern = regexp.MustCompile(`^([0-9]{4})(\.0+)?$`)
)

// sheet is one worksheet read into rows, with its columns by header name.
type sheet struct {
	file, name string
	header     map[string]int // column index by lower-cased header
	rows       [][]string     // rows after the header; rows[i] is row i+2
}

func (s *sheet) errAt(row, col int, format string, args ...any) *CellError {
	return &CellError{File: s.file, Sheet: s.name, Row: row, Col: col, Msg: fmt.Sprintf(format, args...)}
}

// cell returns the trimmed value of column name in rows[i], or "".
func (s *sheet) cell(i int, name string) string {
	c, ok := s.header[name]
	if !ok || c >= len(s.rows[i]) {
		return ""
	}
	return strings.TrimSpace(s.rows[i][c])
}

// col is the 1-based column number of name.
func (s *sheet) col(name string) int { return s.header[name] + 1 }

// ParseIncidents reads DISARM's master workbook (DISARM_DATA_MASTER.xlsx):
// the sheets incidents, urls and incidenttechniques. name is the file's
// name for messages. A workbook that cannot be read, lacks a sheet or a
// column, holds an incident id that is not Innnnn, a year that is not a
// year, or the same id twice, is an error that lists every such problem
// with its sheet, row and column. Cells that are merely odd in real data
// (a "-" for no URL, a mistyped technique id) are skipped and listed in
// Warnings.
func ParseIncidents(data []byte, name string) (*Workbook, error) {
	if len(data) > MaxWorkbookBytes {
		return nil, &CellError{File: name, Msg: fmt.Sprintf("%d bytes: a workbook may hold at most %d", len(data), MaxWorkbookBytes)}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, &CellError{File: name, Msg: "not a readable .xlsx workbook: " + err.Error()}
	}
	defer f.Close()
	var errs []error
	read := func(sheetName string, cols ...string) *sheet {
		s, err := readSheet(f, name, sheetName, cols)
		if err != nil {
			errs = append(errs, err)
		}
		return s
	}
	inc := read("incidents", "disarm_id", "name", "objecttype", "summary", "year_started", "attributions_seen", "found_in_country", "urls", "when_added")
	urls := read("urls", "url_id", "pub_date", "authors", "org", "archive_link")
	tech := read("incidenttechniques", "incident_id", "technique_ids")
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	wb := &Workbook{URLs: map[string]URLInfo{}}
	techs, terrs := incidentTechniques(tech, wb)
	errs = append(errs, terrs...)
	byID := map[string]int{}
	for i := range inc.rows {
		row := i + 2
		id := inc.cell(i, "disarm_id")
		if id == "" {
			if inc.cell(i, "name") != "" {
				errs = append(errs, inc.errAt(row, inc.col("disarm_id"), "an incident without an id"))
			}
			continue
		}
		if !incidentID.MatchString(id) {
			errs = append(errs, inc.errAt(row, inc.col("disarm_id"), "%q is not a DISARM incident id (Innnnn)", id))
			continue
		}
		if first, dup := byID[id]; dup {
			errs = append(errs, inc.errAt(row, inc.col("disarm_id"), "incident %s appears twice (first in row %d)", id, first))
			continue
		}
		byID[id] = row
		in := Incident{ID: id, Row: row, Name: oneLine(inc.cell(i, "name")), Type: oneLine(inc.cell(i, "objecttype")),
			Summary: strings.TrimSpace(inc.cell(i, "summary")), Techniques: techs[id]}
		if in.Name == "" {
			errs = append(errs, inc.errAt(row, inc.col("name"), "incident %s has no name", id))
		}
		if y := inc.cell(i, "year_started"); y != "" {
			m := yearPattern.FindStringSubmatch(y)
			if m == nil {
				errs = append(errs, inc.errAt(row, inc.col("year_started"), "%q is not a year", y))
			} else {
				in.Year, _ = strconv.Atoi(m[1])
			}
		}
		in.Attributions = list(inc.cell(i, "attributions_seen"))
		in.Countries = list(inc.cell(i, "found_in_country"))
		for _, u := range strings.Fields(inc.cell(i, "urls")) {
			if webURL(u) == "" {
				if u != "-" {
					wb.Warnings = append(wb.Warnings, inc.errAt(row, inc.col("urls"), "%q is not an http(s) URL; skipped", clip(u, 80)))
				}
				continue
			}
			if !slices.Contains(in.URLs, u) {
				in.URLs = append(in.URLs, u)
			}
		}
		if m := isoDay.FindStringSubmatch(inc.cell(i, "when_added")); m != nil {
			in.Added = m[1] + "-" + m[2] + "-" + m[3]
		}
		wb.Incidents = append(wb.Incidents, in)
	}
	for i := range urls.rows {
		u := urls.cell(i, "url_id")
		if webURL(u) == "" {
			continue // "-" or empty: nothing to describe
		}
		info := URLInfo{Organization: dash(oneLine(urls.cell(i, "org"))), Archive: webURL(dash(urls.cell(i, "archive_link")))}
		if m := isoDay.FindStringSubmatch(urls.cell(i, "pub_date")); m != nil {
			info.Published = m[1] + "-" + m[2] + "-" + m[3]
		}
		for _, a := range strings.Split(dash(urls.cell(i, "authors")), ",") {
			if a = oneLine(a); a != "" && !slices.Contains(info.Authors, a) {
				info.Authors = append(info.Authors, a)
			}
		}
		wb.URLs[u] = info
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(wb.Incidents) == 0 {
		return nil, &CellError{File: name, Sheet: "incidents", Msg: "no incident; is this DISARM's master workbook?"}
	}
	slices.SortFunc(wb.Incidents, func(a, b Incident) int { return strings.Compare(a.ID, b.ID) })
	return wb, nil
}

// readSheet reads a worksheet whose first row names its columns, with at
// most MaxSheetRows rows, and checks that cols are among its headers.
func readSheet(f *excelize.File, file, name string, cols []string) (*sheet, error) {
	s := &sheet{file: file, name: name, header: map[string]int{}}
	rows, err := f.Rows(name)
	if err != nil {
		return s, &CellError{File: file, Sheet: name, Msg: "missing sheet: " + err.Error()}
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
		if n > MaxSheetRows+1 {
			return s, s.errAt(n, 0, "more than %d rows", MaxSheetRows)
		}
		r, err := rows.Columns()
		if err != nil {
			return s, s.errAt(n, 0, "%v", err)
		}
		for c, v := range r {
			if len(v) > maxCellBytes {
				return s, s.errAt(n, c+1, "a cell of %d bytes (at most %d)", len(v), maxCellBytes)
			}
			if !utf8.ValidString(v) {
				return s, s.errAt(n, c+1, "not valid UTF-8")
			}
		}
		if n == 1 {
			for c, h := range r {
				if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
					if _, dup := s.header[h]; !dup {
						s.header[h] = c
					}
				}
			}
			continue
		}
		s.rows = append(s.rows, r)
	}
	if err := rows.Error(); err != nil {
		return s, &CellError{File: file, Sheet: name, Msg: err.Error()}
	}
	var errs []error
	for _, c := range cols {
		if _, ok := s.header[c]; !ok {
			errs = append(errs, s.errAt(1, 0, "no column %q in the header row", c))
		}
	}
	return s, errors.Join(errs...)
}

// incidentTechniques collects each incident's technique ids. Ids are
// split on commas; one that is not Tnnnn[.nnn] is a warning.
func incidentTechniques(s *sheet, wb *Workbook) (map[string][]string, []error) {
	out := map[string][]string{}
	for i := range s.rows {
		row := i + 2
		inc := s.cell(i, "incident_id")
		if inc == "" {
			continue
		}
		if !incidentID.MatchString(inc) {
			wb.Warnings = append(wb.Warnings, s.errAt(row, s.col("incident_id"), "%q is not an incident id; row skipped", clip(inc, 40)))
			continue
		}
		for _, t := range strings.Split(s.cell(i, "technique_ids"), ",") {
			t = strings.TrimSpace(t)
			switch {
			case t == "":
			case !techniqueID.MatchString(t):
				wb.Warnings = append(wb.Warnings, s.errAt(row, s.col("technique_ids"), "%q is not a technique id; skipped", clip(t, 40)))
			case !slices.Contains(out[inc], t):
				out[inc] = append(out[inc], t)
			}
		}
	}
	for _, ts := range out {
		slices.Sort(ts)
	}
	return out, nil
}

// list splits a comma-separated cell, trimming and de-duplicating.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = oneLine(p); p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// oneLine collapses every run of white space into one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// dash returns s, or "" when it is the workbook's "-" for nothing.
func dash(s string) string {
	if strings.TrimSpace(s) == "-" {
		return ""
	}
	return s
}

// clip shortens s to n runes for a message.
func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
