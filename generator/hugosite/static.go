package hugosite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// copyStatic copies the project's static/ folder into dest. Hugo's
// library builds pages only; the hugo command copies static files itself,
// so this package does the same.
func copyStatic(root, dest string) error {
	src := filepath.Join(root, "static")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dest, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
