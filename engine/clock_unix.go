//go:build unix

package engine

import (
	"time"

	"golang.org/x/sys/unix"
)

// processorTime is what C's clock() measures on this system, and so Lua
// 5.1's os.clock: the processor time of the whole process, all its
// threads, user and system.
func processorTime() time.Duration {
	var ru unix.Rusage
	if unix.Getrusage(unix.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
