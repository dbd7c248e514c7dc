package fetch

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// limiter lets one request at a time reach each host, and not before the
// time the previous request set. Hosts never forget their slot; a Client
// crawling an unbounded number of hosts would grow without limit, which
// this project's curated source list does not do.
type limiter struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex // guards hosts
	hosts map[string]*hostSlot
}

// hostSlot is one host's turn. Holding the token in sem is holding the
// turn; next is read and written only by the holder.
type hostSlot struct {
	sem  chan struct{}
	next time.Time
}

func newLimiter(now func() time.Time, sleep func(context.Context, time.Duration) error) *limiter {
	return &limiter{now: now, sleep: sleep, hosts: map[string]*hostSlot{}}
}

func (l *limiter) slot(host string) *hostSlot {
	l.mu.Lock()
	defer l.mu.Unlock()
	s, ok := l.hosts[host]
	if !ok {
		s = &hostSlot{sem: make(chan struct{}, 1)}
		l.hosts[host] = s
	}
	return s
}

// acquire waits for host's turn and its start time. The caller must call
// release on the returned slot exactly once.
func (l *limiter) acquire(ctx context.Context, host string) (*hostSlot, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s := l.slot(host)
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if d := s.next.Sub(l.now()); d > 0 {
		if !withinDeadline(ctx, d) {
			<-s.sem
			return nil, fmt.Errorf("%s: %w: its next turn in %s would outlast the run's deadline", host, ErrTooSlow, d.Round(time.Second))
		}
		if err := l.sleep(ctx, d); err != nil {
			<-s.sem
			return nil, err
		}
	}
	return s, nil
}

// release ends the turn; the host's next request starts no sooner than
// next.
func (s *hostSlot) release(next time.Time) {
	s.next = next
	<-s.sem
}
