package fetch

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
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
)

// retryWait says whether attempt n, which gave res or err, is retried and
// how long to leave the host alone first. A server that asks, with
// Retry-After, for more than MaxWait is too slow: slow says so.
func (c *Client) retryWait(ctx context.Context, n int, res *Result, err error) (wait time.Duration, again bool, slow error) {
	if n >= c.cfg.MaxAttempts || ctx.Err() != nil {
		return 0, false, nil
	}
	if err != nil {
		if !retryableError(err) {
			return 0, false, nil
		}
		return backoff(n), true, nil
	}
	if !retryableStatus(res.Status) {
		return 0, false, nil
	}
	wait = backoff(n)
	if ra, ok := retryAfter(res.Header, c.cfg.Clock()); ok {
		if ra > MaxWait {
			return 0, false, fmt.Errorf("%w: status %d asks us to retry after %s, more than the %s we wait", ErrTooSlow, res.Status, ra, MaxWait)
		}
		wait = max(wait, ra)
	}
	return wait, true, nil
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
	d := retryBase << min(n-1, 16)
	return min(d/2+rand.N(d/2), MaxWait)
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
