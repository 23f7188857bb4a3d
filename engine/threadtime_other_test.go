//go:build !linux

package engine

import "time"

var testStart = time.Now()

// threadTime is, where a thread's processor time is not at hand, the
// wall time since the tests started.
func threadTime() time.Duration { return time.Since(testStart) }
