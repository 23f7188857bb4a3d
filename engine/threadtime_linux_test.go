package engine

import (
	"runtime"
	"time"

	"golang.org/x/sys/unix"
)

// threadTime is the processor time of the calling thread, user and
// system. The caller locks its goroutine to the thread, so that the time
// is its own: neither the collector's workers nor the tests that run
// beside it count, nor the other programs of a loaded machine.
func threadTime() time.Duration {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_THREAD, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// lockThread locks the calling goroutine to its thread for threadTime and
// returns the function that unlocks it.
func lockThread() func() {
	runtime.LockOSThread()
	return runtime.UnlockOSThread
}
