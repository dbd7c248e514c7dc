package cli

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"github.com/cespare/xxhash/v2"

	"github.com/interference-watch/portal/generator/dataset"
)

// devPrefix is where serve's own files live; the published site has none.
const devPrefix = "/_portal/"

// devState is what portal serve adds to the site it serves: the problems
// of the last failed build, shown over every page, and a version that
// the open pages watch to reload themselves after each rebuild.
type devState struct {
	mu       sync.Mutex
	problems []dataset.Problem // of the last build, when it failed on the data
	failure  string            // the last build's other error, if any
	version  int
	waiters  []chan struct{}
}

// built records the outcome of a build and wakes every open page.
func (s *devState) built(problems []dataset.Problem, failure string) {
	s.mu.Lock()
	s.problems, s.failure = problems, failure
	s.version++
	for _, w := range s.waiters {
		close(w)
	}
	s.waiters = nil
	s.mu.Unlock()
}

func (s *devState) snapshot() (problems []dataset.Problem, failure string, version int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.problems, s.failure, s.version
}

// wait returns a channel closed at the next build.
func (s *devState) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := make(chan struct{})
	s.waiters = append(s.waiters, c)
	return c
}

// liveJS reloads the page when the server says a build finished. It is
// served from the site's own origin, so the site's Content-Security-Policy
// (script-src 'self', connect-src 'self') allows it; only serve adds it.
const liveJS = `(function () {
  var s = document.currentScript;
  var es = new EventSource("/_portal/events?since=" + s.getAttribute("data-version") +
    "&hash=" + s.getAttribute("data-hash") + "&path=" + encodeURIComponent(location.pathname + location.search));
  es.addEventListener("build", function () { location.reload(); });
})();
`

const overlayCSS = `#portal-problems{position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;
margin:0;padding:1rem 1.25rem;background:#2b0b0b;color:#fff;font:14px/1.45 ui-monospace,monospace;border-top:4px solid #e5484d}
#portal-problems h2{font:600 16px/1.3 system-ui,sans-serif;margin:0 0 .5rem}
#portal-problems li{margin:.15rem 0}#portal-problems code{color:#ffd1d1}
`

var overlayTmpl = template.Must(template.New("overlay").Parse(`<link rel="stylesheet" href="/_portal/overlay.css">
<section id="portal-problems" role="alert" aria-labelledby="portal-problems-title">
<h2 id="portal-problems-title">{{.Title}}</h2>
{{- if .Failure}}<p>{{.Failure}}</p>{{end}}
<ol>{{range .Problems}}<li><code>{{.Path}}:{{.Line}}:{{.Col}}</code>: {{if .Field}}{{.Field}}: {{end}}{{.Message}}</li>{{end}}</ol>
</section>
`))

// devHandler wraps the site's handler: serve's own files under devPrefix,
// and every HTML page gets the live-reload script and, after a failed
// build, the list of problems over the last good page. Before any good
// build, every page is that list alone.
func devHandler(site http.Handler, s *devState) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case devPrefix + "live.js":
			w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprint(w, liveJS)
			return
		case devPrefix + "overlay.css":
			w.Header().Set("Content-Type", "text/css; charset=utf-8")
			fmt.Fprint(w, overlayCSS)
			return
		case devPrefix + "events":
			serveEvents(w, r, s, site)
			return
		}
		rec := httptest.NewRecorder()
		site.ServeHTTP(rec, r)
		body := rec.Body.Bytes()
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			body = inject(body, s)
		}
		for k, vs := range rec.Header() {
			if k == "Content-Length" {
				continue
			}
			w.Header()[k] = vs
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(rec.Code)
		_, _ = w.Write(body)
	})
}

// inject adds the overlay (when the last build failed) and the reload
// script before </body>. The script carries the hash of what the page
// shows (pageHash), so that a build that leaves the page as it was does
// not reload it.
func inject(page []byte, s *devState) []byte {
	problems, failure, version := s.snapshot()
	var add bytes.Buffer
	overlay(&add, problems, failure)
	fmt.Fprintf(&add, `<script src="/_portal/live.js" data-version="%d" data-hash="%s"></script>`+"\n", version, pageHash(page, add.Bytes()))
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		return append(page, add.Bytes()...)
	}
	return append(page[:i:i], append(add.Bytes(), page[i:]...)...)
}

// pageHash identifies what a page shows: the page and its overlay.
func pageHash(page, overlay []byte) string {
	h := xxhash.New()
	_, _ = h.Write(page)
	_, _ = h.Write([]byte{0})
	_, _ = h.Write(overlay)
	return strconv.FormatUint(h.Sum64(), 16)
}

// shownHash is the pageHash of the page at path as it would be served
// now, or "" when it is not an HTML page.
func shownHash(site http.Handler, s *devState, path string) string {
	req := httptest.NewRequest(http.MethodGet, "http://portal.local/", nil)
	if u, err := url.Parse(path); err == nil && strings.HasPrefix(path, "/") {
		req.URL.Path, req.URL.RawQuery = u.Path, u.RawQuery
	}
	rec := httptest.NewRecorder()
	site.ServeHTTP(rec, req)
	if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		return ""
	}
	problems, failure, _ := s.snapshot()
	var add bytes.Buffer
	overlay(&add, problems, failure)
	return pageHash(rec.Body.Bytes(), add.Bytes())
}

// overlay writes the list of problems of the last build, if it failed.
func overlay(add *bytes.Buffer, problems []dataset.Problem, failure string) {
	if len(problems) > 0 || failure != "" {
		title := "The last rebuild failed; this is the last good page."
		if len(problems) > 0 {
			title = fmt.Sprintf("The last rebuild found %s; this is the last good page.", plural(len(problems), "problem", "problems"))
		}
		_ = overlayTmpl.Execute(add, struct {
			Title, Failure string
			Problems       []dataset.Problem
		}{title, failure, problems})
	}
}

// serveEvents streams one "build" event, then ends (EventSource
// reconnects by itself), once a build newer than the page's (since) has
// changed what the page shows: a build that leaves the open page as it
// was (hash, its pageHash) does not reload it. A page whose path is not
// given reloads after every build.
func serveEvents(w http.ResponseWriter, r *http.Request, s *devState, site http.Handler) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	q := r.URL.Query()
	since, _ := strconv.Atoi(q.Get("since"))
	hash, path := q.Get("hash"), q.Get("path")
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	changed := func() bool { return hash == "" || path == "" || shownHash(site, s, path) != hash }
	wake := s.wait()
	if _, _, v := s.snapshot(); v > since && changed() {
		fmt.Fprintf(w, "event: build\ndata: %d\n\n", v)
		fl.Flush()
		return
	}
	fmt.Fprint(w, ": waiting for a build\n\n")
	fl.Flush()
	for {
		select {
		case <-wake:
			wake = s.wait()
			if !changed() {
				continue
			}
			_, _, v := s.snapshot()
			fmt.Fprintf(w, "event: build\ndata: %d\n\n", v)
			fl.Flush()
			return
		case <-r.Context().Done():
			return
		}
	}
}

// noSite answers before the first good build: the problems page.
var noSite = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	fmt.Fprint(w, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>portal serve: no good build yet</title></head><body>`+
		`<main><h1>No good build yet</h1><p>Fix the problems below; this page reloads itself after the next build.</p></main></body></html>`)
})
