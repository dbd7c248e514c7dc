package synth

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"github.com/interference-watch/portal/generator/dataset"
	"go.yaml.in/yaml/v3"
)

// Stats says what WriteProject wrote.
type Stats struct{ Files int }

// WriteProject generates a dataset and writes it as data/ YAML files under
// out, with a copy of site/ (and content/, if any) from the real project
// at root, so `portal build -C out` builds it.
func WriteProject(out, root string, o Options) (Stats, error) {
	d := Generate(o)
	var files []file
	files = collect(files, d.Places)
	files = collect(files, d.Organizations)
	files = collect(files, d.Actors)
	files = collect(files, d.Techniques)
	files = collect(files, d.Sources)
	files = collect(files, d.Campaigns)
	for _, k := range dataset.Kinds {
		if err := os.MkdirAll(filepath.Join(out, "data", k.Dir()), 0o755); err != nil {
			return Stats{}, err
		}
	}
	if err := writeAll(out, files); err != nil {
		return Stats{}, err
	}
	for _, dir := range []string{"site", "content"} {
		if err := os.RemoveAll(filepath.Join(out, dir)); err != nil {
			return Stats{}, err
		}
		if err := os.CopyFS(filepath.Join(out, dir), os.DirFS(filepath.Join(root, dir))); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Stats{}, err
		}
	}
	return Stats{Files: len(files)}, nil
}

type file struct {
	path string
	rec  any
}

func collect[T any](files []file, recs []*T) []file {
	for _, r := range recs {
		m := any(r).(interface{ Record() *dataset.Meta }).Record()
		files = append(files, file{m.Path, r})
	}
	return files
}

func writeAll(out string, files []file) error {
	var wg sync.WaitGroup
	errs := make(chan error, 1)
	ch := make(chan file)
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for f := range ch {
				if err := writeRecord(filepath.Join(out, filepath.FromSlash(f.path)), f.rec); err != nil {
					select {
					case errs <- err:
					default:
					}
				}
			}
		})
	}
	for _, f := range files {
		ch <- f
	}
	close(ch)
	wg.Wait()
	select {
	case err := <-errs:
		return err
	default:
		return nil
	}
}

func writeRecord(path string, rec any) error {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(rec); err != nil {
		return fmt.Errorf("synth %s: %w", path, err)
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
