// Package schedule keeps a self-hosted site fresh from one process: on a
// cron schedule it scrapes, validates and builds the site into a fresh
// folder, then switches the folder being served in one atomic step, so a
// reader never sees a half-built site. A failed run leaves the last good
// site online and says why in the logs and on /_status.
//
// Every run is a closure over the Scheduler's explicit Config: there is
// no global state, and tests drive runs directly with RunOnce.
package schedule

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/interference-watch/portal/generator/filelock"
	"github.com/interference-watch/portal/generator/outdir"
	"github.com/interference-watch/portal/generator/publish"
	"github.com/robfig/cron/v3"
)

// Config says when to run, what to build and where to keep the builds.
type Config struct {
	// Spec is a cron expression: five fields (minute hour day-of-month
	// month day-of-week) such as "17 6 * * *", or a descriptor such as
	// "@daily". With Seconds it takes a leading seconds field.
	Spec    string
	Seconds bool
	// Build says what to build; Out is ignored and Now is set per run.
	Build publish.Config
	// StateDir holds the built sites, each in a fresh folder; it is
	// created when missing and must be writable. It is refused when it
	// overlaps the project or holds anything portal did not put there
	// (see outdir.CheckState).
	StateDir string
	// Scrape, when set, runs first in every scheduled run and may add
	// records under Build.Root. Nil skips the step with a log line.
	Scrape func(ctx context.Context) error
	Log    *slog.Logger     // nil discards
	Now    func() time.Time // "today" for the date checks; time.Now when nil
	// Grace is how long a replaced site folder stays on disk for readers
	// still holding it; 30 seconds when zero.
	Grace time.Duration
}

// site is one complete build being served.
type site struct {
	dir   string
	built time.Time
	pages int
}

// Scheduler runs the pipeline on a schedule and serves its latest good
// build. Create it with New; Run serves and schedules until its context
// ends, and Close removes the builds.
type Scheduler struct {
	cfg     Config
	log     *slog.Logger
	sched   cron.Schedule
	session string         // this process's folder under StateDir
	lock    *filelock.Lock // held on session while the Scheduler is open

	current atomic.Pointer[site] // the site being served; nil before the first good build
	running atomic.Bool

	mu     sync.Mutex    // guards the fields below
	last   Result        // the latest finished run
	timers []*time.Timer // pending removals of replaced folders
	closed bool
}

// New checks the cron expression and the state folder. The caller should
// call Close, or Run, which closes when it returns.
func New(cfg Config) (*Scheduler, error) {
	sched, err := parseSpec(cfg.Spec, cfg.Seconds)
	if err != nil {
		return nil, err
	}
	if cfg.StateDir == "" {
		return nil, errors.New("schedule: no state folder")
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	state, err := outdir.CheckState(cfg.Build.Root, cfg.StateDir, sessionPrefix)
	if err != nil {
		return nil, fmt.Errorf("schedule: %w", err)
	}
	if err := os.MkdirAll(state, 0o755); err != nil {
		return nil, fmt.Errorf("schedule: state folder %s cannot be created: %w", cfg.StateDir, err)
	}
	if err := os.WriteFile(filepath.Join(state, outdir.StateMarker), []byte("portal schedule keeps its builds here; folders of processes that are gone are removed at start.\n"), 0o644); err != nil {
		return nil, fmt.Errorf("schedule: state folder %s is not writable: %w", cfg.StateDir, err)
	}
	// A process killed with SIGKILL leaves its folder and the builds in
	// it; no live process holds its lock, so it goes now.
	session, lock, removed, err := outdir.Session(state, sessionPrefix)
	for _, p := range removed {
		cfg.Log.Info("removed the folder of a schedule that is no longer running", "dir", p)
	}
	if err != nil {
		return nil, fmt.Errorf("schedule: state folder %s: %w", cfg.StateDir, err)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Grace <= 0 {
		cfg.Grace = 30 * time.Second
	}
	return &Scheduler{cfg: cfg, log: cfg.Log, sched: sched, session: session, lock: lock}, nil
}

// parseSpec parses a standard five-field expression or descriptor, or a
// six-field one with seconds.
func parseSpec(spec string, seconds bool) (cron.Schedule, error) {
	fields := cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor
	want := `five fields "minute hour day-of-month month day-of-week", such as "17 6 * * *", or a descriptor such as "@daily"`
	if seconds {
		fields |= cron.Second
		want = `six fields "second minute hour day-of-month month day-of-week", such as "*/2 * * * * *"`
	}
	sched, err := cron.NewParser(fields).Parse(spec)
	if err != nil {
		return nil, fmt.Errorf("schedule: cron expression %q: %w (want %s)", spec, err, want)
	}
	return sched, nil
}

// Listen opens addr for Run, with an error that says what went wrong.
func Listen(addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		return nil, fmt.Errorf("schedule: cannot listen on %s: the address is already in use (is another server running?): %w", addr, err)
	}
	if err != nil {
		return nil, fmt.Errorf("schedule: cannot listen on %s: %w", addr, err)
	}
	return ln, nil
}

// Serve is New, Listen and Run: it returns when ctx ends, after a
// graceful shutdown, or at once on a bad expression, folder or address.
func Serve(ctx context.Context, cfg Config, addr string) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	ln, err := Listen(addr)
	if err != nil {
		s.Close()
		return err
	}
	return s.Run(ctx, ln)
}

// shutdownTimeout bounds the wait for open requests and for a run in
// progress once the context ends.
const shutdownTimeout = 30 * time.Second

// Run serves on ln and runs the pipeline once at start (without the
// scrape, so the site comes up quickly) and then on the schedule, until
// ctx ends. It then stops scheduling, lets open requests and the current
// run finish, closes ln and calls Close.
func (s *Scheduler) Run(ctx context.Context, ln net.Listener) error {
	defer s.Close()
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.log.Info("serving", "url", "http://"+ln.Addr().String()+"/", "cron", s.cfg.Spec, "next", s.sched.Next(time.Now()))

	var first atomic.Bool
	first.Store(true)
	job := s.job(ctx, func() bool { return !first.Swap(false) })
	c := cron.New(cron.WithLogger(cronLogger{s.log}))
	c.Schedule(s.sched, job)
	var starting sync.WaitGroup
	starting.Go(job.Run)
	c.Start()

	var serveErr error
	select {
	case <-ctx.Done():
	case serveErr = <-errc:
	}
	return errors.Join(serveErr, s.shutdown(srv, c, &starting))
}

// job wraps one run so that runs never overlap and a panic is logged,
// not fatal. SkipIfStillRunning is outermost: inside Recover, a panic
// still releases its slot for the next run.
func (s *Scheduler) job(ctx context.Context, scrape func() bool) cron.Job {
	l := cronLogger{s.log}
	return cron.NewChain(cron.SkipIfStillRunning(l), cron.Recover(l)).Then(cron.FuncJob(func() {
		_ = s.RunOnce(ctx, scrape())
	}))
}

// shutdown stops scheduling, drains the server and waits for a run in
// progress, each within shutdownTimeout.
func (s *Scheduler) shutdown(srv *http.Server, c *cron.Cron, starting *sync.WaitGroup) error {
	s.log.Info("shutting down")
	stopped := c.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err := srv.Shutdown(ctx)
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	done := make(chan struct{})
	go func() { starting.Wait(); <-stopped.Done(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		s.log.Warn("a run was still going at shutdown; its folder is removed unfinished")
	}
	s.log.Info("stopped")
	return err
}

// Close stops pending removals and deletes every folder this Scheduler
// built. It is safe to call more than once.
func (s *Scheduler) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.closed = true
	for _, t := range s.timers {
		t.Stop()
	}
	s.current.Store(nil)
	if err := os.RemoveAll(s.session); err != nil {
		s.log.Warn("cannot remove the state folder", "dir", s.session, "err", err)
	}
	_ = s.lock.Unlock()
}

// sessionPrefix names each process's folder under the state folder.
const sessionPrefix = "portal-schedule-"
