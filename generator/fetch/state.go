package fetch

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"

	"github.com/interference-watch/portal/generator/atomicfile"
)

const stateVersion = 1

// validators are what a server gave to revalidate a page with.
type validators struct {
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// stateDoc is the JSON layout of the state file.
type stateDoc struct {
	Version    int                   `json:"version"`
	Validators map[string]validators `json:"validators"`
}

// stateFile holds the validators of fetched pages, keyed by normalised URL.
type stateFile struct {
	path  string                               // "" keeps the state in memory only
	write func(w io.Writer, data []byte) error // writes the temp file; tests inject failures

	saveMu sync.Mutex // serialises save, so an older snapshot never replaces a newer one

	mu      sync.Mutex // guards entries
	entries map[string]validators
}

// loadState reads the state at path. A missing file gives an empty state.
func loadState(path string) (*stateFile, error) {
	s := &stateFile{path: path, write: writeAll, entries: map[string]validators{}}
	if path == "" {
		return s, nil
	}
	var doc stateDoc
	if _, err := atomicfile.LoadVersioned(path, stateVersion, &doc); err != nil {
		return nil, fmt.Errorf("load state: %w", err)
	}
	if doc.Validators != nil {
		s.entries = doc.Validators
	}
	return s, nil
}

func writeAll(w io.Writer, data []byte) error {
	_, err := w.Write(data)
	return err
}

// addValidators sets the conditional-request headers for u, if known.
func (s *stateFile) addValidators(h http.Header, u *url.URL) {
	key, err := Normalize(u.String())
	if err != nil {
		return
	}
	s.mu.Lock()
	v := s.entries[key]
	s.mu.Unlock()
	if v.ETag != "" {
		h.Set("If-None-Match", v.ETag)
	}
	if v.LastModified != "" {
		h.Set("If-Modified-Since", v.LastModified)
	}
}

// remember records the validators of a full (2xx) answer for u,
// forgetting old ones the answer no longer carries.
func (s *stateFile) remember(u *url.URL, h http.Header) {
	key, err := Normalize(u.String())
	if err != nil {
		return
	}
	v := validators{ETag: h.Get("ETag"), LastModified: h.Get("Last-Modified")}
	s.mu.Lock()
	defer s.mu.Unlock()
	if v == (validators{}) {
		delete(s.entries, key)
		return
	}
	s.entries[key] = v
}

// save writes the state atomically: to a temporary file in the same
// folder, synced, then renamed over path.
func (s *stateFile) save() error {
	if s.path == "" {
		return nil
	}
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	data, err := json.MarshalIndent(stateDoc{Version: stateVersion, Validators: s.entries}, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return err
	}
	return s.replace(append(data, '\n'))
}

func (s *stateFile) replace(data []byte) error {
	return atomicfile.ReplaceFunc(s.path, 0o644, func(w io.Writer) error { return s.write(w, data) })
}
