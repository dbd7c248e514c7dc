// Package export writes the dataset as downloads: the whole dataset as
// JSON and as a STIX 2.1 bundle, one CSV per kind of record, one JSON file
// per record beside its page, the change log of the data and the JSON
// Schemas of the record formats. Every file is made from the validated
// Dataset; nothing here reads the YAML again.
package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/history"
)

// License is the licence of the data, by its SPDX id, and where to read it.
const (
	License    = "CC-BY-4.0"
	LicenseURL = "https://creativecommons.org/licenses/by/4.0/"
)

// Bundle is the shape of the full JSON download.
type Bundle struct {
	License       string                  `json:"license"`
	LicenseURL    string                  `json:"license_url"`
	Campaigns     []*dataset.Campaign     `json:"campaigns"`
	Actors        []*dataset.Actor        `json:"actors"`
	Organizations []*dataset.Organization `json:"organizations"`
	Sources       []*dataset.Source       `json:"sources"`
	Techniques    []*dataset.Technique    `json:"techniques"`
	Places        []*dataset.Place        `json:"places"`
}

// Options says what else goes with the dataset.
type Options struct {
	Schemas fs.FS        // the JSON Schemas, published under schemas/; none when nil
	History *history.Log // the data's change log, published as data/changes.json
	Repo    string       // repository URL, for links to commits in the change log
}

// Write puts the downloads under dest:
//
//	data/interference-watch.json       every record
//	data/interference-watch.stix.json  the same as a STIX 2.1 bundle
//	data/<kind>.csv                    one flat table per kind, and attributions.csv
//	data/changes.json                  what each commit to the data added, changed or removed
//	<kind>/<id>.json                   each record, beside its page <kind>/<id>/
//	schemas/*.json                     the record formats
//
// The files are independent, so they are written in parallel.
func Write(d *dataset.Dataset, dest string, o Options) error { return WriteTo(d, Dir(dest), o) }

// Writer receives files by slash-separated path from the site root. It
// must be safe for concurrent use.
type Writer interface {
	WriteFile(rel string, data []byte) error
}

// WriteTo puts the downloads that Write writes through w.
func WriteTo(d *dataset.Dataset, dest Writer, o Options) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	run := func(f func() error) {
		wg.Go(func() {
			if err := f(); err != nil {
				mu.Lock()
				if first == nil {
					first = err
				}
				mu.Unlock()
			}
		})
	}
	run(func() error {
		b := Bundle{License, LicenseURL, d.Campaigns, d.Actors, d.Organizations, d.Sources, d.Techniques, d.Places}
		return writeJSON(dest, "data/interference-watch.json", b)
	})
	run(func() error {
		data, err := STIX(d, o.History)
		if err != nil {
			return fmt.Errorf("export STIX: %w", err)
		}
		return dest.WriteFile("data/interference-watch.stix.json", data)
	})
	for _, t := range Tables(d) {
		run(func() error { return writeTable(dest, "data/"+t.Name+".csv", t) })
	}
	run(func() error {
		return writeJSON(dest, "data/changes.json", Changes(o.History, o.Repo))
	})
	run(func() error { return writeIndicatorTables(d, dest) })
	run(func() error { return writeRecords(d, dest) })
	if o.Schemas != nil {
		run(func() error { return writeSchemas(o.Schemas, dest) })
	}
	wg.Wait()
	return first
}

// RecordPath is where a record's JSON file is published: beside its page.
func RecordPath(k dataset.Kind, id string) string { return k.SitePath(id) + ".json" }

func writeRecords(d *dataset.Dataset, dest Writer) error {
	var buf bytes.Buffer
	one := func(k dataset.Kind, id string, v any) error {
		buf.Reset()
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", " ")
		if err := enc.Encode(v); err != nil {
			return fmt.Errorf("export %s %s: %w", k, id, err)
		}
		return dest.WriteFile(RecordPath(k, id), bytes.Clone(buf.Bytes()))
	}
	for _, r := range d.Campaigns {
		if err := one(dataset.KindCampaign, r.ID, r); err != nil {
			return err
		}
	}
	for _, r := range d.Actors {
		if err := one(dataset.KindActor, r.ID, r); err != nil {
			return err
		}
	}
	for _, r := range d.Organizations {
		if err := one(dataset.KindOrganization, r.ID, r); err != nil {
			return err
		}
	}
	for _, r := range d.Sources {
		if err := one(dataset.KindSource, r.ID, r); err != nil {
			return err
		}
	}
	for _, r := range d.Techniques {
		if err := one(dataset.KindTechnique, r.ID, r); err != nil {
			return err
		}
	}
	for _, r := range d.Places {
		if err := one(dataset.KindPlace, r.ID, r); err != nil {
			return err
		}
	}
	return nil
}

func writeSchemas(schemas fs.FS, dest Writer) error {
	return fs.WalkDir(schemas, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() || !strings.HasSuffix(p, ".json") {
			return err
		}
		data, err := fs.ReadFile(schemas, p)
		if err != nil {
			return err
		}
		if data, err = PublishedSchema(p, data); err != nil {
			return err
		}
		return dest.WriteFile("schemas/"+p, data)
	})
}

// publishedKinds are the record kinds published one JSON file each; the
// other schemas (common, imported, publisher, lead) are left as they are.
var publishedKinds = map[string]bool{"campaign": true, "actor": true, "organization": true, "source": true, "technique": true, "place": true}

// idTypes is the definition, in common.schema.json, of each kind's id.
var idTypes = map[string]string{"technique": "techniqueId", "place": "placeId"}

// PublishedSchema turns the schema of a data file (name, such as
// campaign.schema.json) into the schema of the record as published in
// JSON: the same, with the id that a data file takes from its file name
// as a required first property. Other schemas (common.schema.json) are
// returned unchanged.
func PublishedSchema(name string, data []byte) ([]byte, error) {
	kind, ok := strings.CutSuffix(name, ".schema.json")
	if !ok || !publishedKinds[kind] {
		return data, nil
	}
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	props, ok := s["properties"].(map[string]any)
	if !ok {
		return data, nil
	}
	idType := "id"
	if t, ok := idTypes[kind]; ok {
		idType = t
	}
	props["id"] = map[string]any{"$ref": "common.schema.json#/$defs/" + idType,
		"description": "The record's id: the name of its data file without .yaml, and the last part of its page's address."}
	req, _ := s["required"].([]any)
	s["required"] = append([]any{"id"}, req...)
	if d, ok := s["description"].(string); ok {
		s["description"] = d + " (As published in JSON: with its id.)"
	}
	out, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func writeJSON(dest Writer, path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("export %s: %w", path, err)
	}
	return dest.WriteFile(path, buf.Bytes())
}

// Dir writes files below a folder by slash-separated path, making parent
// folders as needed; it is safe for concurrent use. The build hands it to
// the renderer for the files Hugo does not make (feeds, explore data).
type Dir string

// WriteFile writes data at rel below d.
func (d Dir) WriteFile(rel string, data []byte) error {
	return write(filepath.Join(string(d), filepath.FromSlash(rel)), data)
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
