package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// job says how follow treats each request of one fetch.
type job struct {
	page         bool  // check robots.txt and use validators (false for robots.txt itself)
	maxRedirects int   // redirects followed before ErrTooManyRedirects
	maxBody      int64 // body cap in bytes
	truncate     bool  // keep the first maxBody bytes instead of failing with ErrTooLarge
}

func (c *Client) pageJob() job {
	return job{page: true, maxRedirects: c.cfg.MaxRedirects, maxBody: c.cfg.MaxBody}
}

// follow fetches u and the redirects it leads to. It returns the last
// answer whatever its status, or an error when no answer was had.
func (c *Client) follow(ctx context.Context, u *url.URL, j job) (*Result, error) {
	for hops := 0; ; hops++ {
		res, err := c.hop(ctx, u, j)
		if err != nil {
			if hops > 0 { // name the redirect target; the caller names the first URL
				return nil, fmt.Errorf("redirected to %s: %w", u.Redacted(), err)
			}
			return nil, err
		}
		next, err := redirectTarget(u, res)
		if err != nil || next == nil {
			return res, err
		}
		if hops == j.maxRedirects {
			return nil, fmt.Errorf("%w: more than %d", ErrTooManyRedirects, j.maxRedirects)
		}
		u = next
	}
}

// hop fetches one URL, with retries, after checking robots.txt.
func (c *Client) hop(ctx context.Context, u *url.URL, j job) (*Result, error) {
	delay := c.cfg.MinDelay
	if j.page {
		rules, err := c.robotsFor(ctx, u)
		if err != nil {
			return nil, err
		}
		if !rules.allowed(robotsPath(u)) {
			if rules.failed {
				return nil, fmt.Errorf("%w: %w%s", ErrRobotsDisallowed, ErrRobotsUnavailable, rules.note)
			}
			return nil, fmt.Errorf("%w%s", ErrRobotsDisallowed, rules.note)
		}
		if rules.crawlDelay > MaxWait {
			return nil, fmt.Errorf("%w: robots.txt asks for a Crawl-delay of %s, more than the %s we wait", ErrTooSlow, rules.crawlDelay, MaxWait)
		}
		delay = max(delay, rules.crawlDelay)
	}
	return c.retrying(ctx, u, delay, j)
}

// redirectTarget returns where res redirects to, or nil if it does not.
func redirectTarget(base *url.URL, res *Result) (*url.URL, error) {
	switch res.Status {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, nil
	}
	loc := res.Header.Get("Location")
	if loc == "" {
		return nil, nil
	}
	next, err := base.Parse(loc)
	if err == nil {
		next, err = parseTarget(next.String())
	}
	if err != nil {
		return nil, fmt.Errorf("redirect to %q: %w", loc, err)
	}
	return next, nil
}

// retrying makes up to MaxAttempts requests for u, holding the host's slot
// during each. The next request to that host starts at least delay after
// this one started (the time a slow answer took counts towards the delay)
// and at least the retry wait after it ended.
func (c *Client) retrying(ctx context.Context, u *url.URL, delay time.Duration, j job) (*Result, error) {
	host := hostKey(u)
	for n := 1; ; n++ {
		slot, err := c.hosts.acquire(ctx, host)
		if err != nil {
			return nil, err
		}
		start := c.cfg.Clock()
		res, err := c.attempt(ctx, u, j)
		wait, again, slow := c.retryWait(ctx, n, res, err)
		if again && !withinDeadline(ctx, wait) {
			again, slow = false, fmt.Errorf("%w: a retry in %s would outlast the run's deadline", ErrTooSlow, wait.Round(time.Second))
		}
		next := start.Add(delay)
		if end := c.cfg.Clock().Add(wait); end.After(next) {
			next = end
		}
		slot.release(next)
		if again {
			continue
		}
		if slow != nil {
			return nil, fmt.Errorf("attempt %d: %w", n, slow)
		}
		if err != nil {
			return nil, fmt.Errorf("attempt %d: %w", n, classify(u.Hostname(), err))
		}
		res.Attempts = n
		return res, nil
	}
}

// attempt makes one request. Bodies are read only for 2xx answers.
func (c *Client) attempt(ctx context.Context, u *url.URL, j job) (*Result, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", c.userAgent)
	if j.page {
		c.state.addValidators(req.Header, u)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	res := &Result{URL: u.String(), Status: resp.StatusCode, Header: resp.Header}
	if resp.StatusCode/100 != 2 {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		return res, nil
	}
	if res.Body, err = readBody(resp, j.maxBody, j.truncate); err != nil {
		return nil, err
	}
	if j.page {
		c.state.remember(u, resp.Header)
	}
	return res, nil
}

// readBody reads at most limit bytes of the (already decompressed) body.
func readBody(resp *http.Response, limit int64, truncate bool) ([]byte, error) {
	if !truncate && resp.ContentLength > limit {
		return nil, fmt.Errorf("%w: Content-Length %d exceeds %d", ErrTooLarge, resp.ContentLength, limit)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	if int64(len(b)) <= limit {
		return b, nil
	}
	if truncate {
		return b[:limit], nil
	}
	return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
}

// hostKey identifies a host for politeness: the lower-case host name with
// its port unless that is the scheme's default.
func hostKey(u *url.URL) string {
	h := strings.ToLower(u.Host)
	if p := u.Port(); p == "" || p == defaultPort(u.Scheme) {
		h = strings.TrimSuffix(h, ":"+p)
	}
	return h
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

// withinDeadline reports whether a wait of d from now ends before ctx's
// deadline, if it has one. Deadlines are wall-clock times, so this reads
// the real clock even when Config.Clock is a test's.
func withinDeadline(ctx context.Context, d time.Duration) bool {
	dl, ok := ctx.Deadline()
	return !ok || time.Until(dl) > d
}
