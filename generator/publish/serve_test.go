package publish

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/interference-watch/portal/generator/fixture"
)

func TestHandler(t *testing.T) {
	dir := t.TempDir()
	fixture.WriteFiles(t, dir, map[string]string{"index.html": "home", "a/index.html": "page a", "404.html": "not here", "empty/x.txt": "x"})
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	for _, c := range []struct {
		path, body string
		status     int
	}{
		{"/", "home", 200}, {"/a/", "page a", 200}, {"/b/", "not here", 404},
		{"/empty/", "not here", 404}, {"/../etc/passwd", "not here", 404},
	} {
		res, err := http.Get(srv.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		b := new(strings.Builder)
		_, _ = io.Copy(b, res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.Contains(b.String(), c.body) {
			t.Errorf("%s: %d %q, want %d %q", c.path, res.StatusCode, b.String(), c.status, c.body)
		}
	}
}
