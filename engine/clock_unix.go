//go:build unix

package engine

import (
	"time"

	"golang.org/x/sys/unix"
)

// processorTime is what C's clock() measures on this system, and so Lua
// 5.1's os.clock: the processor time of the whole process, all its threads.
func processorTime() time.Duration {
	var ts unix.Timespec
	if unix.ClockGettime(unix.CLOCK_PROCESS_CPUTIME_ID, &ts) != nil {
		return 0
	}
	return time.Duration(ts.Nano())
}
