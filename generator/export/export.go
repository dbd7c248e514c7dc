// Package export writes the dataset as downloads: the whole dataset as
// JSON, the campaigns as CSV, one JSON file per campaign, and the JSON
// Schemas of the record formats. Every file is made from the validated
// Dataset; nothing here reads the YAML again.
package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/interference-watch/portal/generator/dataset"
)

// Bundle is the shape of the full JSON download.
type Bundle struct {
	Campaigns     []*dataset.Campaign     `json:"campaigns"`
	Actors        []*dataset.Actor        `json:"actors"`
	Organizations []*dataset.Organization `json:"organizations"`
	Sources       []*dataset.Source       `json:"sources"`
	Techniques    []*dataset.Technique    `json:"techniques"`
	Places        []*dataset.Place        `json:"places"`
}

// Write puts the downloads under dest: data/interference-watch.json,
// data/campaigns.csv, data/campaigns/<id>.json and schemas/*.json (from
// schemas, when not nil).
func Write(d *dataset.Dataset, dest string, schemas fs.FS) error {
	b := Bundle{d.Campaigns, d.Actors, d.Organizations, d.Sources, d.Techniques, d.Places}
	if err := writeJSON(filepath.Join(dest, "data", "interference-watch.json"), b); err != nil {
		return err
	}
	if err := writeCSV(filepath.Join(dest, "data", "campaigns.csv"), d); err != nil {
		return err
	}
	for _, c := range d.Campaigns {
		if err := writeJSON(filepath.Join(dest, "data", "campaigns", c.ID+".json"), c); err != nil {
			return err
		}
	}
	if schemas == nil {
		return nil
	}
	return fs.WalkDir(schemas, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := fs.ReadFile(schemas, p)
		if err != nil {
			return err
		}
		return write(filepath.Join(dest, "schemas", p), data)
	})
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return write(path, buf.Bytes())
}

func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// csvHeader names the columns of campaigns.csv; lists are joined by "; ".
var csvHeader = []string{"id", "name", "status", "first_seen", "last_seen", "attributed_actors", "attributed_by",
	"targets", "platforms", "techniques", "breakout", "sources"}

func writeCSV(path string, d *dataset.Dataset) error {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(csvHeader); err != nil {
		return err
	}
	for _, c := range d.Campaigns {
		if err := w.Write(csvRow(c)); err != nil {
			return err
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return write(path, buf.Bytes())
}

func csvRow(c *dataset.Campaign) []string {
	var actors, by, targets, platforms, techniques, sources []string
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
	for _, s := range c.Sources {
		sources = appendNew(sources, s)
	}
	first, last, breakout := "", "", ""
	if c.FirstSeen != nil {
		first = c.FirstSeen.Date.String()
	}
	if c.LastSeen != nil {
		last = c.LastSeen.Date.String()
	}
	if c.Impact != nil {
		breakout = fmt.Sprint(c.Impact.Breakout)
	}
	return []string{c.ID, safeCell(c.Name), c.Status, first, last, strings.Join(actors, "; "), strings.Join(by, "; "),
		strings.Join(targets, "; "), strings.Join(platforms, "; "), strings.Join(techniques, "; "), breakout, strings.Join(sources, "; ")}
}

// safeCell stops a spreadsheet from reading a cell as a formula.
func safeCell(s string) string {
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
