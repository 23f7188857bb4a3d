package engine

import (
	"time"

	"golang.org/x/sys/unix"
)

// threadTime is the processor time of the calling thread, user and
// system. The caller locks its goroutine to the thread, so that the time
// is its own: neither the collector's workers nor the tests that run
// beside it count, nor the other programs of a loaded machine.
func threadTime() time.Duration { return usage(unix.RUSAGE_THREAD) }
