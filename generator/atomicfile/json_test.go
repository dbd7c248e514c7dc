package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadVersioned(t *testing.T) {
	dir := t.TempDir()
	type doc struct {
		Version int            `json:"version"`
		Items   map[string]int `json:"items"`
	}
	put := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	var d doc
	if found, err := LoadVersioned(filepath.Join(dir, "missing.json"), 2, &d); found || err != nil || d.Items != nil {
		t.Errorf("missing file: found %v, %v, %+v", found, err, d)
	}
	if found, err := LoadVersioned(put("good.json", `{"version":2,"items":{"a":1}}`), 2, &d); !found || err != nil || d.Items["a"] != 1 {
		t.Errorf("good file: found %v, %v, %+v", found, err, d)
	}
	for name, c := range map[string]struct{ text, want string }{
		"old.json":     {`{"version":1,"items":{}}`, "version 1, want 2"},
		"garbage.json": {"garbage", "corrupt file"},
		"typed.json":   {`{"version":2,"items":[1]}`, "corrupt file"},
	} {
		p := put(name, c.text)
		if _, err := LoadVersioned(p, 2, &doc{}); err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: err = %v, want one naming the file and %q", name, err, c.want)
		}
	}
}
