package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

const (
	robotsTTL          = 24 * time.Hour // RFC 9309 section 2.4
	robotsFailTTL      = time.Hour      // for 5xx and unreachable, so a brief outage does not block a day
	robotsMaxBytes     = 500 << 10      // RFC 9309 section 2.5: parse at least 500 KiB
	robotsMaxRedirects = 5              // RFC 9309 section 2.3.1.2
)

// robotsCache holds the rules of each origin. Concurrent callers for one
// origin share a single fetch.
type robotsCache struct {
	mu      sync.Mutex // guards entries and the ready, rules, err and expires fields of each entry
	entries map[string]*robotsEntry
}

// robotsEntry is one origin's rules, or a fetch of them in progress until
// done is closed. An entry whose fetch failed with err is removed from the
// map, so the next caller tries again.
type robotsEntry struct {
	done    chan struct{}
	ready   bool
	rules   *robots
	err     error
	expires time.Time
}

func newRobotsCache() *robotsCache {
	return &robotsCache{entries: map[string]*robotsEntry{}}
}

// claim returns the live entry for key, or a new one with lead true, in
// which case the caller must fetch and call finish.
func (rc *robotsCache) claim(key string, now time.Time) (e *robotsEntry, lead bool) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if e, ok := rc.entries[key]; ok && (!e.ready || now.Before(e.expires)) {
		return e, false
	}
	e = &robotsEntry{done: make(chan struct{})}
	rc.entries[key] = e
	return e, true
}

func (rc *robotsCache) finish(key string, e *robotsEntry, rules *robots, expires time.Time, err error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	e.ready, e.rules, e.expires, e.err = true, rules, expires, err
	if err != nil && rc.entries[key] == e {
		delete(rc.entries, key)
	}
	close(e.done)
}

func (rc *robotsCache) result(e *robotsEntry) (*robots, error) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return e.rules, e.err
}

// robotsFor returns the rules for u's origin, fetching them if they are
// not cached. It fails only when ctx ends or the origin is a forbidden
// target; an unreachable robots.txt yields rules that disallow all.
func (c *Client) robotsFor(ctx context.Context, u *url.URL) (*robots, error) {
	key := u.Scheme + "://" + hostKey(u)
	for {
		e, lead := c.robots.claim(key, c.cfg.Clock())
		if lead {
			rules, ttl, err := c.fetchRobots(ctx, u)
			c.robots.finish(key, e, rules, c.cfg.Clock().Add(ttl), err)
			return rules, err
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		rules, err := c.robots.result(e)
		if err == nil || !isContextErr(err) {
			return rules, err
		}
		// The leader's context ended, not ours: try again.
	}
}

// fetchRobots fetches and interprets the robots.txt of u's origin, and
// says how long to keep the rules.
func (c *Client) fetchRobots(ctx context.Context, u *url.URL) (*robots, time.Duration, error) {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	res, err := c.follow(ctx, ru, job{maxRedirects: robotsMaxRedirects, maxBody: robotsMaxBytes, truncate: true})
	switch {
	case ctx.Err() != nil:
		return nil, 0, ctx.Err()
	case errors.Is(err, ErrForbiddenTarget):
		return nil, 0, fmt.Errorf("robots.txt: %w", err)
	case errors.Is(err, ErrTooManyRedirects):
		return allowAll(""), robotsTTL, nil
	case errors.Is(err, ErrNetwork):
		// The host cannot be reached at all: say so, rather than blame a
		// robots.txt nobody could read. Not cached: the next try may work.
		return nil, 0, err
	case err != nil:
		return disallowAll(fmt.Sprintf(" (robots.txt unreachable: %v)", err)), robotsFailTTL, nil
	case res.Status/100 == 2:
		return parseRobots(res.Body, ProductToken), robotsTTL, nil
	case res.Status == http.StatusTooManyRequests || res.Status/100 == 5:
		return disallowAll(fmt.Sprintf(" (robots.txt status %d)", res.Status)), robotsFailTTL, nil
	default: // 4xx, or a 3xx without a usable Location: unavailable
		return allowAll(""), robotsTTL, nil
	}
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
