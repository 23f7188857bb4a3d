package engine

import (
	"sync"

	"golang.org/x/sys/unix"
)

// machineMemory is the machine's RAM in bytes (1 TiB if unknown), read
// once: every Host asks for it, twice.
var machineMemory = sync.OnceValue(func() int64 {
	var si unix.Sysinfo_t
	if err := unix.Sysinfo(&si); err != nil || si.Totalram == 0 {
		return 1 << 40
	}
	return int64(si.Totalram) * int64(si.Unit)
})
