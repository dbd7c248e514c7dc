package render

import (
	"errors"
	"sync/atomic"
	"testing"
)

func TestForEach(t *testing.T) {
	var seen [1000]atomic.Int32
	if err := forEach(len(seen), func() func(int) error {
		return func(i int) error { seen[i].Add(1); return nil }
	}); err != nil {
		t.Fatal(err)
	}
	for i := range seen {
		if n := seen[i].Load(); n != 1 {
			t.Fatalf("job %d ran %d times", i, n)
		}
	}
	boom := errors.New("boom")
	var ran atomic.Int32
	err := forEach(1000, func() func(int) error {
		return func(i int) error {
			ran.Add(1)
			if i == 10 {
				return boom
			}
			return nil
		}
	})
	if !errors.Is(err, boom) || ran.Load() == 1000 { // the workers stop handing out jobs
		t.Errorf("err = %v after %d jobs", err, ran.Load())
	}
}
