package linkcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/interference-watch/portal/generator/atomicfile"
	"go.yaml.in/yaml/v3"
)

// DefaultWaybackSave is the Wayback Machine's Save Page Now endpoint; the
// address to archive is appended to it.
const DefaultWaybackSave = "https://web.archive.org/save/"

// Proposal is one archive_url the links workflow proposes: the snapshot
// written into a source file, or a snapshot requested for a source the
// archive did not hold.
type Proposal struct {
	Result
	Written   bool   // archive_url was added to the source file
	Requested bool   // a save was requested
	Err       string // why neither happened
}

// ProposeArchives adds the suggested snapshot as archive_url to every
// source file under root that has none, and, when save is set, asks the
// Wayback Machine to archive each source it holds no copy of. A snapshot
// is written only when it is an https address on web.archive.org, so a
// hostile answer cannot put an arbitrary link in the data. Files are edited in
// place, one line added before status, written atomically; a file whose
// shape is unexpected is left alone and reported.
func ProposeArchives(ctx context.Context, cfg Config, root string, rep *Report, save string) []Proposal {
	var out []Proposal
	for _, res := range rep.Results {
		if res.Source.ArchiveURL != "" {
			continue
		}
		p := Proposal{Result: res}
		switch {
		case res.Link.Archive != "":
			if !archiveHost(res.Link.Archive) {
				p.Err = "the suggested snapshot is not on the archive's own host"
			} else if err := addArchiveURL(filepath.Join(root, filepath.FromSlash(res.Source.Path)), res.Link.Archive); err != nil {
				p.Err = err.Error()
			} else {
				p.Written = true
			}
		case res.ArchiveErr == "" && save != "":
			if err := requestSave(ctx, cfg, save, CheckedURL(res.Source)); err != nil {
				p.Err = err.Error()
			} else {
				p.Requested = true
			}
		default:
			continue
		}
		out = append(out, p)
	}
	return out
}

// archiveHost reports whether snap is an https URL on web.archive.org,
// the only place a proposed archive_url may point.
func archiveHost(snap string) bool {
	u, err := url.Parse(snap)
	return err == nil && u.Scheme == "https" && strings.EqualFold(u.Hostname(), "web.archive.org")
}

// requestSave asks Save Page Now to archive u.
func requestSave(ctx context.Context, cfg Config, save, u string) error {
	if _, err := cfg.Fetcher.Get(ctx, save+u); err != nil {
		return fmt.Errorf("save request: %w", err)
	}
	return nil
}

// addArchiveURL inserts `archive_url: "snap"` before the top-level status
// key of the YAML file at path, keeping every other byte, and checks that
// the result parses with exactly that value.
func addArchiveURL(path, snap string) error {
	info, err := os.Lstat(path)
	if err != nil {
		return err
	}
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file", path)
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(old, &doc); err != nil || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return fmt.Errorf("%s: not a single YAML mapping; add archive_url by hand", path)
	}
	m := doc.Content[0]
	line := 0
	for i := 0; i+1 < len(m.Content); i += 2 {
		switch k := m.Content[i]; k.Value {
		case "archive_url":
			return fmt.Errorf("%s already has archive_url", path)
		case "status":
			if k.Column == 1 {
				line = k.Line
			}
		}
	}
	if line == 0 {
		return fmt.Errorf("%s: no top-level status key to insert archive_url before", path)
	}
	quoted, err := json.Marshal(snap) // a JSON string is a YAML double-quoted scalar
	if err != nil {
		return err
	}
	lines := bytes.SplitAfter(old, []byte("\n"))
	if line-1 >= len(lines) {
		return fmt.Errorf("%s: status line out of range", path)
	}
	var b bytes.Buffer
	for i, l := range lines {
		if i == line-1 {
			b.WriteString("archive_url: " + string(quoted) + "\n")
		}
		b.Write(l)
	}
	var check struct {
		ArchiveURL string `yaml:"archive_url"`
	}
	if err := yaml.Unmarshal(b.Bytes(), &check); err != nil || check.ArchiveURL != snap {
		return errors.Join(fmt.Errorf("%s: the edit did not read back; add archive_url by hand", path), err)
	}
	return atomicfile.Replace(path, b.Bytes(), info.Mode().Perm()&fs.ModePerm)
}
