package cli

import (
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/interference-watch/portal/generator/publish"
	"github.com/interference-watch/portal/generator/schedule"
	"github.com/spf13/cobra"
)

// scheduleFlags are the options of portal schedule.
type scheduleFlags struct {
	spec     string
	addr     string
	stateDir string
	baseURL  string
	repo     string
	grace    time.Duration
	verbose  bool
}

func scheduleCmd(e *env) *cobra.Command {
	var f scheduleFlags
	c := &cobra.Command{
		Use:   "schedule",
		Short: "Rebuild the site on a cron schedule and serve it, for self-hosting",
		Long: `Serve the site and rebuild it on a cron schedule, in one process.

Each scheduled run scrapes, validates the data and
builds the site into a fresh folder, then switches the site being served to it
in one step. A failed run keeps the last good site online and says why in the
log (structured, on stderr) and on /_status. /healthz answers 200 while a good
site is online and 503 before the first good build. The first run, at start,
builds the data as it is without scraping.

Times are in the machine's local time zone; prefix the expression with
CRON_TZ=Europe/Paris (for example) to choose another. Stop with Ctrl+C or
SIGTERM: open requests and a run in progress finish first.`,
		Example: `  portal schedule --cron "17 6 * * *" --serve 127.0.0.1:8080 --base-url https://watch.example.org/`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := e.scheduleConfig(f)
			if err != nil {
				return err
			}
			return schedule.Serve(cmd.Context(), cfg, f.addr)
		},
	}
	c.Flags().StringVar(&f.spec, "cron", "17 6 * * *", `when to run: "minute hour day-of-month month day-of-week", or @daily, @hourly …`)
	c.Flags().StringVar(&f.addr, "serve", "127.0.0.1:8080", "address to serve the site, /healthz and /_status on")
	c.Flags().StringVar(&f.stateDir, "state-dir", "", "folder for the built sites (default: the user cache folder)")
	c.Flags().StringVar(&f.baseURL, "base-url", "", "the site's public URL (default: http://ADDR/ from --serve)")
	c.Flags().StringVar(&f.repo, "repo", "", "repository URL for \"edit this record\" links, such as https://github.com/OWNER/REPO")
	c.Flags().DurationVar(&f.grace, "grace", 30*time.Second, "how long a replaced site stays on disk for requests still reading it")
	c.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "log the scheduler's own steps too")
	return c
}

// scheduleConfig turns the flags into a schedule.Config; each run scrapes
// the publishers first.
func (e *env) scheduleConfig(f scheduleFlags) (schedule.Config, error) {
	state, err := stateDir(f.stateDir)
	if err != nil {
		return schedule.Config{}, err
	}
	if f.baseURL == "" {
		f.baseURL = "http://" + f.addr + "/"
	}
	level := slog.LevelInfo
	if f.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	return schedule.Config{
		Spec:     f.spec,
		Build:    publish.Config{Root: e.root, BaseURL: f.baseURL, Version: Version, Repo: f.repo},
		StateDir: state,
		Log:      log,
		Scrape:   e.scheduledScrape(f.baseURL, log),
		Now:      e.now,
		Grace:    f.grace,
	}, nil
}

// stateDir is dir, or a folder in the user cache folder when dir is
// empty, or in the temporary folder when there is no cache folder.
func stateDir(dir string) (string, error) {
	if dir != "" {
		return filepath.Abs(dir)
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "interference-watch", "schedule"), nil
}
