package schedule

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
	"github.com/interference-watch/portal/generator/publish"
)

// Result is what one run did.
type Result struct {
	Start    time.Time // zero before the first run has finished
	Duration time.Duration
	Scraped  bool // the scrape step ran
	Pages    int  // pages built; 0 when the run failed
	Err      error
	// Problems are the data's problems when validation failed.
	Problems []dataset.Problem
}

// maxLogged caps the problems written to the log per failed run.
const maxLogged = 20

// RunOnce runs the pipeline once: scrape (when asked and configured),
// validate and build into a fresh folder, then switch the site being
// served to it. On any error the site being served stays as it was.
// Calls must not overlap; Run serializes its own.
func (s *Scheduler) RunOnce(ctx context.Context, scrape bool) (err error) {
	s.running.Store(true)
	defer s.running.Store(false)
	res := Result{Start: time.Now()}
	log := s.log.With("run", res.Start.Format(time.RFC3339))
	log.Info("run started")
	defer func() {
		if r := recover(); r != nil {
			s.finish(log, res, fmt.Errorf("panic: %v", r))
			panic(r) // for cron.Recover to log with its stack
		}
		s.finish(log, res, err)
	}()
	if res.Scraped, err = s.scrape(ctx, log, scrape); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("run abandoned: %w", context.Cause(ctx))
	}
	res.Pages, err = s.build(log)
	return err
}

// scrape runs the scraper when asked and configured, and says whether
// it ran.
func (s *Scheduler) scrape(ctx context.Context, log *slog.Logger, want bool) (bool, error) {
	switch {
	case !want:
		log.Info("scrape skipped: first run after start builds the data as it is")
		return false, nil
	case s.cfg.Scrape == nil:
		log.Info("scrape skipped: no scraper configured")
		return false, nil
	}
	t := time.Now()
	if err := s.cfg.Scrape(ctx); err != nil {
		return true, fmt.Errorf("scrape: %w", err)
	}
	log.Info("scrape done", "duration", time.Since(t).Round(time.Millisecond))
	return true, nil
}

// build validates and builds into a fresh folder and switches to it.
func (s *Scheduler) build(log *slog.Logger) (int, error) {
	dest, err := os.MkdirTemp(s.session, "site-")
	if err != nil {
		return 0, fmt.Errorf("build: state folder: %w", err)
	}
	cfg := s.cfg.Build
	cfg.Now = s.cfg.Now()
	cfg.Log = lineWriter{s.log.With("from", "hugo")}
	rep, err := publish.BuildInto(cfg, dest)
	if err != nil {
		_ = os.RemoveAll(dest)
		return 0, err
	}
	log.Info("build done", "pages", rep.Pages, "records", rep.Records,
		"load", rep.Load.Round(time.Millisecond), "stage", rep.Stage.Round(time.Millisecond), "hugo", rep.Hugo.Round(time.Millisecond))
	if !s.switchTo(&site{dir: dest, built: time.Now(), pages: rep.Pages}) {
		_ = os.RemoveAll(dest)
		return 0, errors.New("build: the scheduler was closed during the run")
	}
	return rep.Pages, nil
}

// switchTo makes next the site being served and removes the replaced one
// after the grace period. It reports false, changing nothing, once the
// Scheduler is closed.
func (s *Scheduler) switchTo(next *site) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	old := s.current.Swap(next)
	s.log.Info("now serving the new site", "dir", next.dir)
	if old != nil {
		s.timers = append(s.timers, time.AfterFunc(s.cfg.Grace, func() { s.remove(old.dir) }))
	}
	return true
}

func (s *Scheduler) remove(dir string) {
	if err := os.RemoveAll(dir); err != nil {
		s.log.Warn("cannot remove a replaced site", "dir", dir, "err", err)
		return
	}
	s.log.Debug("removed a replaced site", "dir", dir)
}

// finish records a finished run and logs its outcome.
func (s *Scheduler) finish(log *slog.Logger, res Result, err error) {
	res.Duration, res.Err = time.Since(res.Start), err
	var inv *publish.InvalidError
	if errors.As(err, &inv) {
		res.Problems = inv.Problems
		for _, p := range inv.Problems[:min(len(inv.Problems), maxLogged)] {
			log.Warn("invalid data", "problem", p.String())
		}
	}
	s.mu.Lock()
	s.last = res
	s.mu.Unlock()
	if err != nil {
		log.Error("run failed; still serving the last good site", "err", err, "duration", res.Duration.Round(time.Millisecond),
			"serving", s.current.Load() != nil)
		return
	}
	log.Info("run done", "pages", res.Pages, "duration", res.Duration.Round(time.Millisecond))
}
