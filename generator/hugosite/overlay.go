package hugosite

import (
	"path/filepath"

	"github.com/bep/overlayfs"
	"github.com/spf13/afero"
)

// Overlay holds generated files in memory, laid over a real Hugo project
// folder: Hugo reads the folder's files (hugo.toml, layouts/ …) and the
// overlay's (content/ …) as one tree, and nothing is written to disk until
// Hugo publishes. Staging tens of thousands of pages this way costs no
// file-system round trips. WriteFile is safe for concurrent use.
type Overlay struct {
	root string
	mem  afero.Fs
}

// NewOverlay starts an empty overlay over the project folder root.
func NewOverlay(root string) (*Overlay, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	return &Overlay{root: abs, mem: afero.NewMemMapFs()}, nil
}

// WriteFile stores data at rel, a slash-separated path inside the project.
func (o *Overlay) WriteFile(rel string, data []byte) error {
	p := filepath.Join(o.root, filepath.FromSlash(rel))
	if err := o.mem.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return afero.WriteFile(o.mem, p, data, 0o644)
}

// fs returns the merged view Hugo reads: the overlay first, then the real
// folder. Writes go to the in-memory layer; the folder is never written.
func (o *Overlay) fs() afero.Fs {
	return overlayfs.New(overlayfs.Options{Fss: []afero.Fs{o.mem, afero.NewOsFs()}, FirstWritable: true})
}

// Root is the project folder the overlay lies over.
func (o *Overlay) Root() string { return o.root }

// ReadFile returns the overlay's file at rel, if it holds one.
func (o *Overlay) ReadFile(rel string) ([]byte, error) {
	return afero.ReadFile(o.mem, filepath.Join(o.root, filepath.FromSlash(rel)))
}

// Remove removes the overlay's file at rel.
func (o *Overlay) Remove(rel string) error {
	return o.mem.Remove(filepath.Join(o.root, filepath.FromSlash(rel)))
}
