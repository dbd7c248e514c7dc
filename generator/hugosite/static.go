package hugosite

import (
	"os"
	"path/filepath"

	"github.com/interference-watch/portal/generator/safefs"
)

// copyStatic copies the project's static/ folder into dest. Hugo's
// library builds pages only; the hugo command copies static files itself,
// so this package does the same. Only regular files are copied, never
// through a symbolic link (the build's checks report links first).
func copyStatic(root, dest string) error {
	fsys := os.DirFS(root)
	files, refused, err := safefs.WalkAll(fsys, "static", safefs.MaxSiteFile)
	if err != nil {
		return err
	}
	if len(refused) > 0 {
		return refused[0].Err
	}
	for _, p := range files {
		data, err := safefs.ReadFile(fsys, p, safefs.MaxSiteFile)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("static", filepath.FromSlash(p))
		target := filepath.Join(dest, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
