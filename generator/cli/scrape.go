package cli

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/fetch"
	"github.com/interference-watch/portal/generator/scrape"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// scrapeFlags are the options of portal scrape.
type scrapeFlags struct {
	publisher, report string
	dryRun            bool
}

func scrapeCmd(e *env) *cobra.Command { return newScrapeCmd(e, nil) }

// newScrapeCmd builds portal scrape; tune, when set, adjusts the fetch
// configuration (tests allow loopback and shorten the delays).
func newScrapeCmd(e *env, tune func(*fetch.Config)) *cobra.Command {
	var f scrapeFlags
	c := &cobra.Command{
		Use:   "scrape",
		Short: "Fetch the publishers' listings and write their new reports as unreviewed sources",
		Long: `Read every publisher definition in data/publishers/, fetch its feed, sitemap
or HTML listing politely (robots.txt, one request at a time per host), keep
the entries that match its keywords and are not yet recorded under
data/sources/ (reviewed or not), and write each as a new source with
status: unreviewed. Existing files are never changed.

A publisher whose listing yields nothing, fewer than min_items or more than
max_items entries, fails to fetch or parse, or has an invalid definition,
fails alone: nothing of it is written. The exit status is 1 when any
publisher failed; the table and the --report name them.`,
		Example: `  portal scrape --report scrape-report.md
  portal scrape --publisher viginum --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return e.scrape(cmd, f, tune)
		},
	}
	c.Flags().StringVar(&f.publisher, "publisher", "", "scrape only the publisher with this id (data/publishers/<id>.yaml)")
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "fetch and report, but write no data")
	c.Flags().StringVar(&f.report, "report", "", "write a markdown report (the pull request's body) to this file")
	return c
}

func (e *env) scrape(cmd *cobra.Command, f scrapeFlags, tune func(*fetch.Config)) error {
	site := siteURL(e.root)
	if site == "" {
		return fmt.Errorf("scrape: no usable baseURL in %s: the bot's User-Agent links to the site",
			filepath.Join(e.root, "site", "hugo.toml"))
	}
	cfg := scrape.Config{Root: e.root, Fetch: fetch.Config{Version: Version, SiteURL: site},
		Only: f.publisher, DryRun: f.dryRun, Now: e.now}
	if tune != nil {
		tune(&cfg.Fetch)
	}
	view := newProgressView(e)
	cfg.Progress = view.update
	rep, err := scrape.Run(cmd.Context(), cfg)
	view.finish()
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(e.stderr, p)
	}
	if rep.NetworkDown() {
		fmt.Fprintf(e.stderr, "scrape: every publisher failed at the network level, so no report was written and no definition is blamed; first: %s: %v\n",
			rep.Results[0].ID, rep.Results[0].Err)
		return ErrNetworkDown
	}
	if err := rep.WriteTable(e.stdout); err != nil {
		return err
	}
	if f.report != "" {
		if err := rep.WriteMarkdownFile(f.report); err != nil {
			return err
		}
	}
	return e.scrapeSummary(rep)
}

// scrapeSummary prints the closing line and turns failing publishers
// into the exit status.
func (e *env) scrapeSummary(rep *scrape.Report) error {
	verb := "wrote"
	if rep.DryRun {
		verb = "would write (dry run)"
	}
	failed := rep.Failed()
	fmt.Fprintf(e.stderr, "scrape: %s %d new sources from %d publishers\n", verb, rep.NewCount(), len(rep.Results)-len(failed))
	if len(failed) == 0 {
		return nil
	}
	ids := make([]string, len(failed))
	for i, r := range failed {
		ids[i] = r.ID
	}
	fmt.Fprintf(e.stderr, "scrape: %d publishers failed: %s\n", len(failed), strings.Join(ids, ", "))
	return ErrProblems
}

// scheduledScrape returns the scrape step of portal schedule. It scrapes
// every publisher with the site URL of site/hugo.toml (fallback when that
// has none) and logs each failing publisher; only a run that cannot start
// is an error, so the build goes on with what the healthy publishers
// found.
func (e *env) scheduledScrape(fallback string, log *slog.Logger) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		site := siteURL(e.root)
		if site == "" {
			site = strings.TrimSuffix(fallback, "/")
		}
		rep, err := scrape.Run(ctx, scrape.Config{Root: e.root, Fetch: fetch.Config{Version: Version, SiteURL: site}, Now: e.now})
		if err != nil {
			return err
		}
		for _, r := range rep.Failed() {
			log.Warn("scrape: publisher failed", "publisher", r.ID, "error", r.Err)
		}
		log.Info("scrape: new sources", "count", rep.NewCount(), "publishers", len(rep.Results), "failed", len(rep.Failed()))
		return nil
	}
}

// progressView shows the run's progress: a bar redrawn in place when
// standard output is a terminal, else one log line per publisher on
// standard error.
type progressView struct {
	w     io.Writer
	tty   bool
	drawn bool
	start time.Time
}

func newProgressView(e *env) *progressView {
	f, ok := e.stdout.(*os.File)
	if ok && f == os.Stdout && term.IsTerminal(int(f.Fd())) {
		return &progressView{w: e.stdout, tty: true, start: time.Now()}
	}
	return &progressView{w: e.stderr, start: time.Now()}
}

func (v *progressView) update(p scrape.Progress) {
	r := p.Result
	if !v.tty {
		status := fmt.Sprintf("%d entries, %d matching", r.Items, r.Matched)
		if r.Err != nil {
			status = "FAILED: " + r.Err.Error()
		}
		fmt.Fprintf(v.w, "scrape: [%d/%d] %s: %s (%s)\n", p.Done, p.Total, r.ID, status, r.Duration.Round(time.Millisecond))
		return
	}
	const width = 30
	n := width * p.Done / max(p.Total, 1)
	fmt.Fprintf(v.w, "\r[%s%s] %d/%d %-24.24s %s", strings.Repeat("#", n), strings.Repeat(" ", width-n),
		p.Done, p.Total, r.ID, time.Since(v.start).Round(time.Second))
	v.drawn = true
}

// finish clears the bar so the table starts on a clean line.
func (v *progressView) finish() {
	if v.drawn {
		fmt.Fprintf(v.w, "\r%s\r", strings.Repeat(" ", 80))
	}
}
