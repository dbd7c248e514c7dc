package fetch

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// conditional serves a page with the given validators and answers 304
// when the request carries a matching one.
func conditional(etag, lastModified string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if etag != "" {
			w.Header().Set("ETag", etag)
		}
		if lastModified != "" {
			w.Header().Set("Last-Modified", lastModified)
		}
		inm, ims := r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
		if (etag != "" && inm == etag) || (etag == "" && lastModified != "" && ims == lastModified) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		okPage(w, r)
	}
}

func TestConditionalGetAcrossRuns(t *testing.T) {
	const lm = "Wed, 21 Oct 2015 07:28:00 GMT"
	tests := []struct {
		name, etag, lastModified string
	}{
		{"etag", `"v1"`, ""},
		{"last-modified", "", lm},
		{"both", `W/"v2"`, lm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			s := newSite(t, clk.Now, status(http.StatusNotFound), conditional(tt.etag, tt.lastModified))
			cfg := testConfig(clk)
			cfg.StatePath = filepath.Join(t.TempDir(), "fetch-state.json")

			c1 := mustClient(t, cfg)
			first := mustGetOK(t, c1, s.URL+"/p")
			if first.NotModified || string(first.Body) != "page /p" {
				t.Fatalf("first run: NotModified=%v body=%q", first.NotModified, first.Body)
			}
			if err := c1.SaveState(); err != nil {
				t.Fatal(err)
			}

			second := mustGetOK(t, mustClient(t, cfg), s.URL+"/p?utm_source=x#frag")
			if !second.NotModified || second.Status != http.StatusNotModified || second.Body != nil {
				t.Errorf("second run: NotModified=%v Status=%d Body=%q", second.NotModified, second.Status, second.Body)
			}
			hits := s.hits("/p")
			last := hits[len(hits)-1].header
			if got := last.Get("If-None-Match"); got != tt.etag {
				t.Errorf("If-None-Match = %q, want %q", got, tt.etag)
			}
			if got := last.Get("If-Modified-Since"); got != tt.lastModified {
				t.Errorf("If-Modified-Since = %q, want %q", got, tt.lastModified)
			}
			if first := hits[0].header; first.Get("If-None-Match")+first.Get("If-Modified-Since") != "" {
				t.Errorf("first request was conditional: %v", first)
			}
		})
	}
}

func mustGetOK(t *testing.T, c *Client, url string) *Result {
	t.Helper()
	res, err := c.Get(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestLoadState(t *testing.T) {
	tests := []struct {
		name    string
		content string // "" for no file
		wantErr string
	}{
		{"missing file", "", ""},
		{"empty state", `{"version":1,"validators":{}}`, ""},
		{"corrupt", `{"version":1,"validators":{`, "corrupt"},
		{"not JSON", "garbage", "corrupt"},
		{"wrong version", `{"version":7}`, "version 7"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if tt.content != "" {
				if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg := testConfig(newFakeClock())
			cfg.StatePath = path
			_, err := New(cfg)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("New: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), path)):
				t.Errorf("New error = %v, want one naming %s and saying %q", err, path, tt.wantErr)
			}
		})
	}
}

// TestSaveStateAtomic injects a failure halfway through writing: the old
// file must survive untouched and no temporary file may be left.
func TestSaveStateAtomic(t *testing.T) {
	clk := newFakeClock()
	s := newSite(t, clk.Now, status(http.StatusNotFound), conditional(`"v1"`, ""))
	dir := t.TempDir()
	cfg := testConfig(clk)
	cfg.StatePath = filepath.Join(dir, "state.json")
	c := mustClient(t, cfg)
	mustGetOK(t, c, s.URL+"/old")
	if err := c.SaveState(); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(cfg.StatePath)
	if err != nil || !strings.Contains(string(before), "/old") {
		t.Fatalf("first save: %q, %v", before, err)
	}

	mustGetOK(t, c, s.URL+"/new")
	boom := errors.New("disk full")
	c.state.write = func(w io.Writer, data []byte) error {
		if _, err := w.Write(data[:len(data)/2]); err != nil {
			return err
		}
		return boom
	}
	if err := c.SaveState(); !errors.Is(err, boom) {
		t.Fatalf("SaveState error = %v, want the injected one", err)
	}
	after, err := os.ReadFile(cfg.StatePath)
	if err != nil || string(after) != string(before) {
		t.Errorf("state file changed by a failed save:\n%s", after)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %v, want only state.json", names(entries))
	}

	c.state.write = writeAll
	if err := c.SaveState(); err != nil {
		t.Fatal(err)
	}
	if after, _ := os.ReadFile(cfg.StatePath); !strings.Contains(string(after), "/new") {
		t.Errorf("save after recovery lacks /new:\n%s", after)
	}
}

func names(entries []os.DirEntry) []string {
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestSaveStateWithoutPath(t *testing.T) {
	if err := mustClient(t, testConfig(newFakeClock())).SaveState(); err != nil {
		t.Errorf("SaveState without StatePath: %v", err)
	}
}

func TestValidatorsForgotten(t *testing.T) {
	clk := newFakeClock()
	var etag atomic.Value
	etag.Store(`"v1"`)
	s := newSite(t, clk.Now, status(http.StatusNotFound), func(w http.ResponseWriter, r *http.Request) {
		conditional(etag.Load().(string), "")(w, r)
	})
	c := mustClient(t, testConfig(clk))
	mustGetOK(t, c, s.URL+"/p")
	etag.Store("") // the page now comes without validators
	mustGetOK(t, c, s.URL+"/p")
	mustGetOK(t, c, s.URL+"/p")
	hits := s.hits("/p")
	if got := hits[1].header.Get("If-None-Match"); got != `"v1"` {
		t.Errorf("second request sent If-None-Match %q, want \"v1\"", got)
	}
	if got := hits[2].header.Get("If-None-Match"); got != "" {
		t.Errorf("third request sent If-None-Match %q, want none", got)
	}
}
