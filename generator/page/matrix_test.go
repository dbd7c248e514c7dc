package page

import "testing"

func TestUsageStep(t *testing.T) {
	for n, want := range map[int]int{0: 0, 1: 1, 2: 2, 3: 2, 4: 3, 9: 3, 10: 4, 23: 4} {
		if got := usageStep(n); got != want {
			t.Errorf("usageStep(%d) = %d, want %d", n, got, want)
		}
	}
}
