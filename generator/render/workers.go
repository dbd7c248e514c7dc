package render

import (
	"runtime"
	"sync"
	"sync/atomic"
)

func workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// forEach runs job i for every i below n on one goroutine per core, each
// with its own job function from newWorker (so it may keep a buffer). It
// stops handing out jobs at the first error and returns it.
func forEach(n int, newWorker func() func(i int) error) error {
	var (
		next  atomic.Int64
		wg    sync.WaitGroup
		once  sync.Once
		first error
		stop  atomic.Bool
	)
	for range workers() {
		wg.Go(func() {
			job := newWorker()
			for i := int(next.Add(1)) - 1; i < n && !stop.Load(); i = int(next.Add(1)) - 1 {
				if err := job(i); err != nil {
					once.Do(func() { first = err })
					stop.Store(true)
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}
