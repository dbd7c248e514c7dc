package importer

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/interference-watch/portal/generator/indicator"
)

// Meta's threat-research repository (facebook/threat-research): its
// licence, the attribution it asks for, and where its files are shown.
const (
	MetaDataset     = "Meta threat-research"
	MetaLicense     = "MIT"
	MetaAttribution = "Meta Platforms, Inc."
	MetaRepoURL     = "https://github.com/facebook/threat-research"
)

// Limits on Meta's files: the largest CSV of 2026 is 0.7 MiB with 6,500
// rows.
const (
	MaxIndexBytes = 8 << 20
	MaxCSVBytes   = 16 << 20
	MaxCSVRows    = 100_000
	MaxCSVFiles   = 2_000
)

// MetaReport is one entry of index.json.
type MetaReport struct {
	ID         string   `json:"id"`
	Reported   string   `json:"reported_ds"`
	References []string `json:"reference_urls"`
	Indicators struct {
		CSV []string `json:"csv_files"`
	} `json:"indicators"`
}

// Network is one CSV file of indicators: one network or one report.
type Network struct {
	File       string // path in the repository, such as indicators/csv/Q1_2024/….csv
	Report     string // the index.json entry listing it, if any
	Reported   string // YYYY-MM-DD: the index's date, else the rows' ds
	Indicators []NetworkIndicator
	Text       int            // rows whose value is prose or a count, not an indicator
	Types      map[string]int // rows of a type the portal does not keep (md5, android_package_name …)
	Invalid    []*CellError   // values that look like indicators but are not valid ones
	Duplicates int            // repeated values, merged
}

// NetworkIndicator is one value, normalised, with where it was read.
type NetworkIndicator struct {
	Type, Value string
	Row         int
}

// MetaFiles reads the repository's files by slash path from its root.
// List returns the CSV files to consider; a repository read over HTTP
// cannot be listed, so it offers only the files index.json names.
type MetaFiles interface {
	Read(name string, max int64) ([]byte, error)
	List() ([]string, error)
}

// DirFiles reads a checkout of the repository.
type DirFiles struct{ FS fs.FS }

// Read reads a file of at most max bytes.
func (d DirFiles) Read(name string, max int64) ([]byte, error) {
	f, err := d.FS.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, max)
	}
	return data, nil
}

// List walks indicators/csv for .csv files, in path order.
func (d DirFiles) List() ([]string, error) {
	var out []string
	err := fs.WalkDir(d.FS, "indicators/csv", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.IsDir() && strings.HasSuffix(strings.ToLower(p), ".csv") {
			if len(out) >= MaxCSVFiles {
				return fmt.Errorf("more than %d CSV files", MaxCSVFiles)
			}
			out = append(out, p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	slices.Sort(out)
	return out, err
}

// ParseMeta reads index.json and every CSV file (both of Meta's schemas:
// indicator_type, indicator_value, comment, ds; and Tactic, Technique,
// Procedure, Indicator). extra names more files to read (those a mapping
// names, for a repository that cannot be listed). A file that cannot be
// read or parsed, or has neither schema, is an error located by file, row
// and column, all of them joined; a value that is not a valid indicator
// is listed in its network's Invalid, not imported.
func ParseMeta(files MetaFiles, extra []string) ([]MetaReport, []*Network, error) {
	var reports []MetaReport
	idx, err := files.Read("index.json", MaxIndexBytes)
	if err != nil {
		return nil, nil, fmt.Errorf("meta: index.json: %w", err)
	}
	if err := json.Unmarshal(idx, &reports); err != nil {
		return nil, nil, fmt.Errorf("meta: index.json: %w", err)
	}
	listed, err := files.List()
	if err != nil {
		return nil, nil, fmt.Errorf("meta: %w", err)
	}
	byFile := map[string]*MetaReport{}
	for i := range reports {
		for _, f := range reports[i].Indicators.CSV {
			byFile[f] = &reports[i]
			listed = append(listed, f)
		}
	}
	listed = append(listed, extra...)
	slices.Sort(listed)
	listed = slices.Compact(listed)
	var nets []*Network
	var errs []error
	for _, f := range listed {
		data, err := files.Read(f, MaxCSVBytes)
		if err != nil {
			if _, inIndex := byFile[f]; inIndex && errors.Is(err, fs.ErrNotExist) {
				continue // the index names copies (json, tsv) the checkout may lack
			}
			errs = append(errs, &CellError{File: f, Msg: err.Error()})
			continue
		}
		n, err := parseNetworkCSV(f, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if r := byFile[f]; r != nil {
			n.Report = r.ID
			if isoDay.MatchString(r.Reported) {
				n.Reported = r.Reported[:10]
			}
		}
		nets = append(nets, n)
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	return reports, nets, nil
}

// metaTypes maps the first schema's indicator_type onto the portal's
// types; "" lets the value decide (ip: v4 or v6).
var metaTypes = map[string]string{"domain_name": indicator.Domain, "domain": indicator.Domain,
	"url": indicator.URL, "cib_url": indicator.URL, "telegram_url": indicator.URL, "phishing_url": indicator.URL,
	"ip": "", "ip_address": "", "ipv4": indicator.IPv4, "ipv6": indicator.IPv6, "email": indicator.Email, "email_address": indicator.Email}

func parseNetworkCSV(file string, data []byte) (*Network, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	n := &Network{File: file, Types: map[string]int{}}
	header, err := r.Read()
	if err != nil {
		return nil, csvError(file, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		if h = strings.ToLower(strings.TrimSpace(h)); h != "" {
			if _, dup := cols[h]; !dup {
				cols[h] = i
			}
		}
	}
	typeCol, hasType := cols["indicator_type"]
	valueCol, hasValue := cols["indicator_value"]
	dsCol, hasDS := cols["ds"]
	indCol, hasInd := cols["indicator"]
	switch {
	case hasType && hasValue:
	case hasInd:
		valueCol = indCol
	default:
		return nil, &CellError{File: file, Row: 1, Msg: "neither of Meta's schemas: want indicator_type and indicator_value, or Indicator, in the header"}
	}
	seen := map[string]bool{}
	dates := map[string]int{}
	for row := 2; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		if row > MaxCSVRows+1 {
			return nil, &CellError{File: file, Row: row, Msg: fmt.Sprintf("more than %d rows", MaxCSVRows)}
		}
		for c, v := range rec {
			if !utf8.ValidString(v) {
				return nil, &CellError{File: file, Row: row, Col: c + 1, Msg: "not valid UTF-8"}
			}
		}
		cell := func(c int) string {
			if c < len(rec) {
				return strings.TrimSpace(rec[c])
			}
			return ""
		}
		raw := cell(valueCol)
		if raw == "" {
			continue
		}
		var typ, value string
		var ok bool
		if hasType && hasValue {
			t := strings.ToLower(cell(typeCol))
			want, known := metaTypes[t]
			if !known {
				n.Types[t]++
				continue
			}
			typ, value, ok, err = indicator.Classify(raw)
			if err == nil && !ok {
				err = errors.New("not an indicator")
			}
			if err == nil && want != "" && typ != want {
				if v, nerr := indicator.Normalize(want, indicator.Refang(raw)); nerr == nil {
					typ, value = want, v
				} else {
					err = fmt.Errorf("given as %s: %v", t, nerr)
				}
			}
			if hasDS {
				if m := isoDay.FindStringSubmatch(cell(dsCol)); m != nil {
					dates[m[1]+"-"+m[2]+"-"+m[3]]++
				}
			}
		} else {
			typ, value, ok, err = indicator.Classify(raw)
			if err == nil && !ok {
				n.Text++
				continue
			}
		}
		if err != nil {
			n.Invalid = append(n.Invalid, &CellError{File: file, Row: row, Col: valueCol + 1, Msg: fmt.Sprintf("%q: %v", clip(raw, 80), err)})
			continue
		}
		key := indicator.Key(typ, value)
		if seen[key] {
			n.Duplicates++
			continue
		}
		seen[key] = true
		n.Indicators = append(n.Indicators, NetworkIndicator{Type: typ, Value: value, Row: row})
	}
	best := 0
	for d, c := range dates {
		if c > best || c == best && d < n.Reported {
			n.Reported, best = d, c
		}
	}
	return n, nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &CellError{File: file, Row: pe.Line, Col: pe.Column, Msg: pe.Err.Error()}
	}
	return &CellError{File: file, Msg: err.Error()}
}

// FileURL is where a file of Meta's repository is shown on GitHub.
func FileURL(file string) string {
	segs := strings.Split(file, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return MetaRepoURL + "/blob/main/" + path.Join(segs...)
}
