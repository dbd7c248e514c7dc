package component

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/a-h/templ"
	"github.com/a-h/templ/generator"
	parser "github.com/a-h/templ/parser/v2"
)

// TestGenerated fails when a *_templ.go file is not what `go tool templ
// generate` makes of its .templ file: run it and commit the result.
func TestGenerated(t *testing.T) {
	files, err := filepath.Glob("*.templ")
	if err != nil || len(files) == 0 {
		t.Fatalf("no .templ files (%v)", err)
	}
	for _, name := range files {
		tf, err := parser.Parse(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var b bytes.Buffer
		if _, err := generator.Generate(tf, &b, generator.WithVersion(templ.Version()), generator.WithFileName(name)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want, err := format.Source(b.Bytes())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		goName := strings.TrimSuffix(name, ".templ") + "_templ.go"
		got, err := os.ReadFile(goName)
		if err != nil {
			t.Fatalf("%s: %v (run go tool templ generate)", goName, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go tool templ generate -path generator/component", goName)
		}
	}
	goFiles, _ := filepath.Glob("*_templ.go")
	if len(goFiles) != len(files) {
		t.Errorf("%d .templ files but %d generated files: remove the generated files of deleted components", len(files), len(goFiles))
	}
}
