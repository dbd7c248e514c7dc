package schedule

import (
	"html/template"
	"net/http"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/publish"
)

// Handler serves the current site, /healthz (200 while a good site is
// served, 503 before the first good build) and the /_status page.
func (s *Scheduler) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /_status", s.status)
	mux.HandleFunc("/", s.serveSite)
	return mux
}

func (s *Scheduler) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.current.Load() == nil {
		http.Error(w, "no good build yet", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// serveSite serves a file of the current site, or its 404 page. A
// request keeps the folder it started with even if a switch happens.
func (s *Scheduler) serveSite(w http.ResponseWriter, r *http.Request) {
	cur := s.current.Load()
	if cur == nil {
		w.Header().Set("Retry-After", "5")
		http.Error(w, "the site is being built; try again shortly", http.StatusServiceUnavailable)
		return
	}
	publish.Handler(cur.dir).ServeHTTP(w, r)
}

// Status is what the /_status page shows.
type Status struct {
	Spec    string
	Running bool      // a run is in progress
	Serving bool      // a good site is online
	Built   time.Time // when the site online was built
	Pages   int       // its page count
	Last    Result    // the latest finished run; Start is zero before one
	Next    time.Time // the next scheduled run
}

// Status reports the latest run, the site online and the next run.
func (s *Scheduler) Status() Status {
	s.mu.Lock()
	st := Status{Spec: s.cfg.Spec, Running: s.running.Load(), Last: s.last, Next: s.sched.Next(time.Now())}
	s.mu.Unlock()
	if cur := s.current.Load(); cur != nil {
		st.Serving, st.Built, st.Pages = true, cur.built, cur.pages
	}
	return st
}

func (s *Scheduler) status(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := statusPage.Execute(w, s.Status()); err != nil {
		s.log.Warn("status page", "err", err)
	}
}

var statusPage = template.Must(template.New("status").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return "never"
		}
		return t.Format("2006-01-02 15:04:05 MST")
	},
	"round":   func(d time.Duration) time.Duration { return d.Round(time.Millisecond) },
	"firstOf": func(ps []dataset.Problem) []dataset.Problem { return ps[:min(len(ps), maxLogged)] },
}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<title>Schedule status</title></head>
<body><h1>Schedule status</h1>
<dl>
<dt>Site online</dt><dd>{{if .Serving}}yes, {{.Pages}} pages built {{when .Built}}{{else}}no: no good build yet{{end}}</dd>
<dt>Schedule</dt><dd><code>{{.Spec}}</code>{{if .Running}}; a run is in progress{{end}}</dd>
<dt>Last run</dt><dd>{{when .Last.Start}}</dd>
{{- if not .Last.Start.IsZero}}
<dt>Result</dt><dd>{{if .Last.Err}}failed: {{.Last.Err}}{{else}}ok, {{.Last.Pages}} pages{{end}}{{if not .Last.Scraped}} (no scrape){{end}}</dd>
<dt>Duration</dt><dd>{{round .Last.Duration}}</dd>
{{- end}}
<dt>Next run</dt><dd>{{when .Next}}</dd>
</dl>
{{- with .Last.Problems}}
<h2>Problems in the data</h2>
<ul>{{range firstOf .}}<li><code>{{.String}}</code></li>{{end}}</ul>
{{- end}}
</body></html>
`))
