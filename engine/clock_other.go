//go:build !unix

package engine

import "time"

var processStart = time.Now()

// processorTime is what C's clock() measures on this system, and so Lua
// 5.1's os.clock: on Windows, the C runtime's clock() is the wall time
// since the process started.
func processorTime() time.Duration { return time.Since(processStart) }
