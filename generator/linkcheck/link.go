package linkcheck

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/interference-watch/portal/generator/fetch"
)

// Verdict is what a check concluded about a link.
type Verdict string

// The verdicts. Only Dead makes the check fail: a link is dead only when
// the site itself says the page is gone (404 or 410), on two runs in a
// row. A server error, a refusal or an unreachable network is reported,
// never called dead.
const (
	Live        Verdict = "live"        // answered 2xx or 304 at the URL itself
	Redirected  Verdict = "redirected"  // answered 2xx or 304 after redirects
	Missing     Verdict = "missing"     // answered 404 or 410 on this run only; dead if it does again
	Dead        Verdict = "dead"        // answered 404 or 410 on this run and the one before
	Failing     Verdict = "failing"     // another error answer (5xx, 403 …) or no robots.txt, after retries
	Unreachable Verdict = "unreachable" // no answer at all: DNS, connection, TLS or timeout
	Blocked     Verdict = "blocked"     // robots.txt forbids fetching it; not checked
)

// Link is what is known of one URL; the state file keeps one per URL.
type Link struct {
	Verdict  Verdict   `json:"verdict"`
	Status   int       `json:"status,omitempty"`    // last HTTP status, 0 without an answer
	FinalURL string    `json:"final_url,omitempty"` // where redirects led, if elsewhere
	Error    string    `json:"error,omitempty"`     // why it is dead or blocked
	Checked  time.Time `json:"checked"`             // when it was last fetched
	// DeadSince is the first check of the current run of dead verdicts.
	DeadSince time.Time `json:"dead_since,omitzero"`
	// Archive is a Wayback Machine snapshot suggested as archive_url;
	// ArchiveChecked is when the availability API last answered.
	Archive        string    `json:"archive_suggestion,omitempty"`
	ArchiveChecked time.Time `json:"archive_checked,omitzero"`
}

// reusable reports whether prev is recent and good enough to skip a fetch.
func reusable(prev Link, now time.Time, recheck time.Duration) bool {
	return recheck > 0 && (prev.Verdict == Live || prev.Verdict == Redirected) &&
		now.Sub(prev.Checked) < recheck
}

// classify turns a fetch outcome for u into a Link, carrying over from
// prev what a new fetch does not tell: the archive lookup and since when
// the link is dead.
func classify(u string, res *fetch.Result, err error, now time.Time, prev Link) Link {
	l := Link{Checked: now, Archive: prev.Archive, ArchiveChecked: prev.ArchiveChecked}
	var se *fetch.StatusError
	switch {
	case err == nil:
		l.Verdict, l.Status = Live, res.Status
		if !sameURL(u, res.URL) {
			l.Verdict, l.FinalURL = Redirected, res.URL
		}
		return l
	case errors.Is(err, fetch.ErrTooLarge):
		// Only a 2xx answer's body is read, so the page is there.
		l.Verdict = Live
		return l
	case errors.Is(err, fetch.ErrRobotsDisallowed) && !robotsFailed(err):
		l.Verdict, l.Error = Blocked, "robots.txt disallows fetching it"
		return l
	case errors.Is(err, fetch.ErrNetwork):
		l.Verdict, l.Error = Unreachable, deadReason(u, err, nil)
		return l
	case errors.As(err, &se):
		l.Status = se.Status
		if !sameURL(u, se.URL) {
			l.FinalURL = se.URL
		}
	}
	l.Error = deadReason(u, err, se)
	if se == nil || (se.Status != 404 && se.Status != 410) {
		l.Verdict = Failing
		return l
	}
	l.Verdict, l.DeadSince = Missing, now
	if prev.Verdict == Missing || prev.Verdict == Dead { // the state holds earlier runs only
		l.Verdict = Dead
		if !prev.DeadSince.IsZero() {
			l.DeadSince = prev.DeadSince
		}
	}
	return l
}

// robotsFailed reports whether err is a refusal because the site's
// robots.txt could not be had (no answer, 429 or 5xx), which RFC 9309
// reads as "disallow all" but which, for a link check, means the site is
// down.
func robotsFailed(err error) bool { return errors.Is(err, fetch.ErrRobotsUnavailable) }

// sameURL reports whether a and b are one page once normalised.
func sameURL(a, b string) bool {
	na, errA := fetch.Normalize(a)
	nb, errB := fetch.Normalize(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return na == nb
}

// deadReason says why u is dead: the status and attempts when se is not
// nil, the robots.txt failure when that was the cause, else err's message
// without the "fetch <u>: " prefix that only repeats the URL.
func deadReason(u string, err error, se *fetch.StatusError) string {
	if se != nil {
		return fmt.Sprintf("status %d after %d attempt(s)", se.Status, se.Attempts)
	}
	msg := err.Error()
	if i := strings.Index(msg, "(robots.txt "); i >= 0 && robotsFailed(err) {
		return strings.TrimSuffix(msg[i+1:], ")")
	}
	return strings.TrimPrefix(msg, "fetch "+u+": ")
}
