package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

const (
	// retryBase is the first backoff; the nth retry waits between
	// retryBase<<(n-1) / 2 and retryBase<<(n-1).
	retryBase = time.Second
	// maxRetryAfter is the longest Retry-After worth waiting for; a server
	// asking for more gets its error returned instead.
	maxRetryAfter = 2 * time.Minute
)

// retryWait says whether attempt n, which gave res or err, is retried and
// how long to leave the host alone first.
func (c *Client) retryWait(ctx context.Context, n int, res *Result, err error) (time.Duration, bool) {
	if n >= c.cfg.MaxAttempts || ctx.Err() != nil {
		return 0, false
	}
	if err != nil {
		if !retryableError(err) {
			return 0, false
		}
		return backoff(n), true
	}
	if !retryableStatus(res.Status) {
		return 0, false
	}
	wait := backoff(n)
	if ra, ok := retryAfter(res.Header, c.cfg.Clock()); ok {
		if ra > maxRetryAfter {
			return 0, false
		}
		wait = max(wait, ra)
	}
	return wait, true
}

// retryableStatus reports 408, 429 and 5xx.
func retryableStatus(status int) bool {
	return status == http.StatusRequestTimeout || status == http.StatusTooManyRequests || status/100 == 5
}

// retryableError reports network errors and timeouts, but not refusals of
// ours nor certificate failures, which a retry cannot mend.
func retryableError(err error) bool {
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, ErrForbiddenTarget), errors.Is(err, ErrTooLarge),
		errors.Is(err, ErrScheme), errors.As(err, &certErr):
		return false
	}
	return true
}

// backoff is the jittered exponential wait before retry n (n ≥ 1).
func backoff(n int) time.Duration {
	d := retryBase << (n - 1)
	return d/2 + rand.N(d/2)
}

// retryAfter parses a Retry-After header, either delay-seconds or an
// HTTP date, relative to now. A date in the past means no wait.
func retryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 32); err == nil {
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
