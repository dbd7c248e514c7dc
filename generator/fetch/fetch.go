// Package fetch is the one HTTP client of the project: every network call
// goes through a [Client]. Its other export, [Normalize], turns a URL into
// the canonical form used to de-duplicate links.
//
// # Politeness
//
// A Client sends the User-Agent
// "InterferenceWatchBot/<version> (+<site>/about/#bot)" and obeys robots.txt
// as RFC 9309 describes: the group naming the product token
// "InterferenceWatchBot" applies, else the "*" group; the longest matching
// Allow or Disallow rule wins and Allow wins ties. A robots.txt answering
// 4xx allows everything; one answering 429, 5xx or not at all disallows
// everything. Rules are cached per origin for 24 hours (failures for one
// hour). Requests to one host, robots.txt included, are made one at a
// time, at least [Config.MinDelay] apart, or the robots.txt Crawl-delay if
// longer; different hosts are fetched in parallel. No proxy is used.
//
// # Revalidation
//
// The ETag and Last-Modified of every page are remembered, keyed by the
// URL as [Normalize] returns it, and sent back as If-None-Match and
// If-Modified-Since;
// a 304 answer yields a [Result] with NotModified set. [Client.SaveState]
// writes the validators to [Config.StatePath] and [New] loads them.
//
// # Safety
//
// Only http and https URLs are fetched, redirects included. Every dial is
// checked after DNS resolution and before the connection is opened, so a
// host name or redirect that leads to a private, loopback, link-local,
// unspecified, multicast or CGNAT address fails with [ErrForbiddenTarget]
// without a packet being sent. Bodies are capped after decompression,
// redirects are counted, and each attempt has a deadline. Transient
// failures (408, 429, 5xx, network errors) are retried with exponential
// backoff, honouring Retry-After; other 4xx never are.
package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// ProductToken names the crawler in its User-Agent and is the token
// matched against robots.txt user-agent lines.
const ProductToken = "InterferenceWatchBot"

// Defaults that [New] puts in place of zero [Config] fields.
const (
	DefaultMinDelay = 2 * time.Second
	// MaxWait caps every wait: a crawl delay, a Retry-After, a backoff.
	MaxWait               = 60 * time.Second
	DefaultTimeout        = 30 * time.Second
	DefaultConnectTimeout = 10 * time.Second
	DefaultMaxBody        = 10 << 20
	DefaultMaxRedirects   = 10
	DefaultMaxAttempts    = 3
)

// Sentinel errors that callers branch on with errors.Is.
var (
	ErrRobotsDisallowed = errors.New("disallowed by robots.txt")
	// ErrRobotsUnavailable comes with ErrRobotsDisallowed when the refusal
	// is because robots.txt could not be had (no answer, 429 or 5xx),
	// which RFC 9309 reads as "disallow all": for a caller, the site is down.
	ErrRobotsUnavailable = errors.New("robots.txt unavailable")
	ErrTooLarge          = errors.New("response body too large")
	ErrForbiddenTarget   = errors.New("forbidden target address")
	ErrScheme            = errors.New("unsupported URL scheme")
	ErrTooManyRedirects  = errors.New("too many redirects")
	// ErrTooSlow is a host that asks for a longer wait (Crawl-delay,
	// Retry-After) than MaxWait, or a wait that would outlast the run's
	// deadline: it is reported, not waited for.
	ErrTooSlow = errors.New("too slow")
)

// Config configures a [Client]. Version and SiteURL are required; every
// other zero field takes its default.
type Config struct {
	// Version and SiteURL make up the User-Agent
	// "InterferenceWatchBot/<Version> (+<SiteURL>/about/#bot)". SiteURL must
	// be an absolute http(s) URL.
	Version, SiteURL string
	// MinDelay is the least time between the starts of two requests to a
	// host, which are never in flight together (default 2 s).
	MinDelay time.Duration
	// Timeout bounds one attempt, reading the body included (default 30 s);
	// ConnectTimeout bounds the TCP and TLS handshakes (default 10 s).
	Timeout, ConnectTimeout time.Duration
	// MaxBody caps the decompressed body in bytes (default 10 MiB).
	MaxBody int64
	// MaxRedirects is how many redirects are followed (default 10);
	// MaxAttempts how many times one URL is tried in all (default 3).
	MaxRedirects, MaxAttempts int
	// StatePath is the JSON file of HTTP validators; empty keeps them in
	// memory only.
	StatePath string
	// AllowLoopback lets the client reach 127.0.0.0/8 and ::1, which tests
	// need for httptest servers. Other forbidden ranges stay forbidden.
	AllowLoopback bool
	// Clock and Sleep replace time.Now and a context-aware sleep in tests;
	// every politeness and retry wait goes through Sleep, which must return
	// ctx.Err() if ctx ends first.
	Clock func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// Result is a successful fetch: a 2xx answer, or a 304 to a conditional
// request.
type Result struct {
	URL         string // final URL, after redirects
	Status      int
	Header      http.Header
	Body        []byte // decompressed; nil when NotModified
	NotModified bool   // the server answered 304 to our validators
	Attempts    int    // requests made for the final URL, retries included
}

// StatusError reports a final answer that is neither 2xx nor 304, after
// any retries.
type StatusError struct {
	URL      string // the URL that answered
	Status   int
	Attempts int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: status %d after %d attempt(s)", e.URL, e.Status, e.Attempts)
}

// Client fetches URLs politely and safely. Its methods may be called
// concurrently from many goroutines. A Client holds no global state; make
// one per process and share it, since politeness is tracked per Client.
type Client struct {
	cfg       Config // read-only after New
	userAgent string
	http      *http.Client
	hosts     *limiter
	robots    *robotsCache
	state     *stateFile
}

// New checks cfg, fills in defaults and loads the validators from
// cfg.StatePath. A missing state file is fine; an unreadable or corrupt
// one is an error.
func New(cfg Config) (*Client, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, fmt.Errorf("fetch: config: %w", err)
	}
	st, err := loadState(cfg.StatePath)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	return &Client{
		cfg:       cfg,
		userAgent: ProductToken + "/" + cfg.Version + " (+" + strings.TrimSuffix(cfg.SiteURL, "/") + "/about/#bot)",
		http:      newHTTPClient(cfg),
		hosts:     newLimiter(cfg.Clock, cfg.Sleep),
		robots:    newRobotsCache(),
		state:     st,
	}, nil
}

// Get fetches rawURL, following redirects. It fails with
// [ErrRobotsDisallowed], [ErrTooLarge], [ErrForbiddenTarget], [ErrScheme],
// [ErrTooManyRedirects], a [*StatusError] or a network or context error.
// Get updates the in-memory validators; call [Client.SaveState] to keep
// them.
func (c *Client) Get(ctx context.Context, rawURL string) (*Result, error) {
	res, err := c.get(ctx, rawURL)
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", rawURL, err)
	}
	return res, nil
}

func (c *Client) get(ctx context.Context, rawURL string) (*Result, error) {
	u, err := parseTarget(rawURL)
	if err != nil {
		return nil, err
	}
	res, err := c.follow(ctx, u, c.pageJob())
	if err != nil {
		return nil, err
	}
	switch {
	case res.Status == http.StatusNotModified:
		res.NotModified = true
	case res.Status/100 != 2:
		return nil, &StatusError{URL: res.URL, Status: res.Status, Attempts: res.Attempts}
	}
	return res, nil
}

// SaveState writes the validators to Config.StatePath atomically: a crash
// or error leaves the previous file intact. Without a StatePath it does
// nothing.
func (c *Client) SaveState() error {
	if err := c.state.save(); err != nil {
		return fmt.Errorf("fetch: save state: %w", err)
	}
	return nil
}

// parseTarget parses an absolute http(s) URL with a host.
func parseTarget(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w %q", ErrScheme, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("missing host")
	}
	return u, nil
}

func (cfg Config) withDefaults() (Config, error) {
	if cfg.Version == "" || strings.IndexFunc(cfg.Version, badTokenRune) >= 0 {
		return cfg, fmt.Errorf("Version %q must be a non-empty token", cfg.Version)
	}
	if _, err := parseTarget(cfg.SiteURL); err != nil {
		return cfg, fmt.Errorf("SiteURL %q: %w", cfg.SiteURL, err)
	}
	if cfg.MinDelay < 0 || cfg.Timeout < 0 || cfg.ConnectTimeout < 0 ||
		cfg.MaxBody < 0 || cfg.MaxRedirects < 0 || cfg.MaxAttempts < 0 {
		return cfg, errors.New("negative limit")
	}
	cfg.MinDelay = orDefault(cfg.MinDelay, DefaultMinDelay)
	cfg.Timeout = orDefault(cfg.Timeout, DefaultTimeout)
	cfg.ConnectTimeout = orDefault(cfg.ConnectTimeout, DefaultConnectTimeout)
	cfg.MaxBody = orDefault(cfg.MaxBody, DefaultMaxBody)
	cfg.MaxRedirects = orDefault(cfg.MaxRedirects, DefaultMaxRedirects)
	cfg.MaxAttempts = orDefault(cfg.MaxAttempts, DefaultMaxAttempts)
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	return cfg, nil
}

func badTokenRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("()/", r)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
