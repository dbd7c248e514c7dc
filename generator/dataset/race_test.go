//go:build race

package dataset

// raceEnabled: the race detector's shadow memory, several times the
// program's own, counts in a child's peak RSS.
const raceEnabled = true
