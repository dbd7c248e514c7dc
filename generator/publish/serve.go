package publish

import (
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"
)

// Handler serves a built site from dir as static hosts do: files as they
// are, folders by their index.html, and the site's 404.html with status
// 404 for anything missing.
func Handler(dir string) http.Handler {
	fsys := os.DirFS(dir)
	files := http.FileServerFS(fsys)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if name == "" {
			name = "."
		}
		if !exists(fsys, name) {
			if page, err := fs.ReadFile(fsys, "404.html"); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write(page)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
}

// exists reports whether name is a file, or a folder with an index.html.
func exists(fsys fs.FS, name string) bool {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return false
	}
	if !st.IsDir() {
		return true
	}
	_, err = fs.Stat(fsys, path.Join(name, "index.html"))
	return err == nil
}
