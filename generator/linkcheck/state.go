package linkcheck

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"sync"

	"github.com/interference-watch/portal/generator/atomicfile"
)

const stateVersion = 1

// stateDoc is the JSON layout of the state file.
type stateDoc struct {
	Version int             `json:"version"`
	Links   map[string]Link `json:"links"`
}

// State is the link-check memory between runs: one [Link] per URL, keyed
// by the URL as fetch.Normalize puts it, kept in a JSON file. Its methods
// may be called concurrently.
type State struct {
	path string

	mu    sync.Mutex // guards links
	links map[string]Link
}

// LoadState reads the state file at path. A missing file gives an empty
// state; a corrupt one is an error.
func LoadState(path string) (*State, error) {
	s := &State{path: path, links: map[string]Link{}}
	var doc stateDoc
	if _, err := atomicfile.LoadVersioned(path, stateVersion, &doc); err != nil {
		return nil, fmt.Errorf("linkcheck: load state: %w", err)
	}
	if doc.Links != nil {
		s.links = doc.Links
	}
	return s, nil
}

// Link returns what is known of rawURL; the zero Link if nothing.
func (s *State) Link(rawURL string) Link {
	k := key(rawURL)
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.links[k]
}

// put records l for the link with key k.
func (s *State) put(k string, l Link) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.links[k] = l
}

// retain forgets the links whose key keep rejects.
func (s *State) retain(keep func(k string) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	maps.DeleteFunc(s.links, func(u string, _ Link) bool { return !keep(u) })
}

// Save writes the state atomically, creating its folder: a hidden
// temporary file in the same folder is synced and renamed over the file,
// so a crash leaves the old state or the new one, never a part.
func (s *State) Save() error {
	s.mu.Lock()
	data, err := json.MarshalIndent(stateDoc{Version: stateVersion, Links: s.links}, "", "  ")
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("linkcheck: save state: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("linkcheck: save state: %w", err)
	}
	if err := writeAtomic(s.path, append(data, '\n')); err != nil {
		return fmt.Errorf("linkcheck: save state %s: %w", s.path, err)
	}
	return nil
}

func writeAtomic(path string, data []byte) error {
	return atomicfile.Replace(path, data, 0o644)
}
