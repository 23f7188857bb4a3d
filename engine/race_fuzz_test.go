//go:build race

package engine

// raceEnabled: the race detector multiplies memory and time, so the fuzz
// checks of RSS and of the return after the time limit are relaxed.
const raceEnabled = true
