package scrape

import (
	"errors"
	"github.com/interference-watch/portal/generator/fetch"
	"time"

	"github.com/interference-watch/portal/generator/dataset"
)

// Status is how a publisher's run ended.
type Status string

// The statuses of a publisher's run.
const (
	StatusOK     Status = "ok"
	StatusFailed Status = "failed"
)

// Result is one publisher's run.
type Result struct {
	ID, Name, Kind, URL string
	Status              Status
	Err                 error // why it failed; nil when Status is ok
	// Items is how many entries the listing held (inside path_prefix);
	// Matched how many passed the keyword filter; Duplicates how many of
	// those were already recorded.
	Items, Matched, Duplicates int
	New                        []NewSource // written (or, in a dry run, that would be)
	Duration                   time.Duration
	Health                     Health
	MinItems, MaxItems         int

	pub     *Publisher
	matched []Item
}

// NewSource is a source record the run wrote.
type NewSource struct {
	ID, Path, Title, URL string
	Published            string // "" when the listing gave no date
}

func newResult(p *Publisher) *Result {
	return &Result{ID: p.ID, Name: p.Name, Kind: p.Kind, URL: p.URL, Status: StatusOK,
		MinItems: p.MinItems, MaxItems: p.MaxItems, pub: p}
}

// fail marks the publisher failed and forgets its entries, so nothing of
// it is written.
func (r *Result) fail(err error) {
	r.Status, r.Err, r.matched = StatusFailed, err, nil
}

// Report is the outcome of a run, publishers sorted by id.
type Report struct {
	Started  time.Time
	Duration time.Duration
	DryRun   bool
	Results  []*Result
	// Problems of the publisher definitions, located; their publishers
	// are also failed Results.
	Problems []dataset.Problem
}

// Failed returns the publishers that failed.
// NetworkDown reports whether every publisher failed at the network
// level (fetch.ErrNetwork): then no definition is to blame.
func (r *Report) NetworkDown() bool {
	if len(r.Results) == 0 {
		return false
	}
	for _, res := range r.Results {
		if res.Err == nil || !errors.Is(res.Err, fetch.ErrNetwork) {
			return false
		}
	}
	return true
}

func (r *Report) Failed() []*Result {
	var out []*Result
	for _, res := range r.Results {
		if res.Status == StatusFailed {
			out = append(out, res)
		}
	}
	return out
}

// NewCount is how many new sources the run wrote (or would write).
func (r *Report) NewCount() int {
	n := 0
	for _, res := range r.Results {
		n += len(res.New)
	}
	return n
}
