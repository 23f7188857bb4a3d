//go:build unix

package engine

import (
	"time"

	"golang.org/x/sys/unix"
)

// processorTime is what C's clock() measures on this system, and so Lua
// 5.1's os.clock: the processor time of the whole process, all its
// threads, user and system.
func processorTime() time.Duration { return usage(unix.RUSAGE_SELF) }

// usage is the processor time getrusage gives for who (RUSAGE_SELF, or
// on Linux RUSAGE_THREAD), user and system; 0 if it fails.
func usage(who int) time.Duration {
	var ru unix.Rusage
	if unix.Getrusage(who, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
