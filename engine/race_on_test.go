//go:build race

package engine

// raceEnabled: the race detector's shadow memory multiplies a process's
// resident memory, so tests that measure it skip.
const raceEnabled = true
