package platform

import "strings"

// VirtualMemory is psutil.virtual_memory(): system memory usage in bytes.
//
// On Linux the figures match procps-ng's free(1) 4.x: Used is Total minus
// Available (psutil 7.1 and later, #2604; psutil 5.9 used
// total - free - buffers - cached), Cached includes reclaimable slab
// (SReclaimable), as free's buff/cache does, and Available is the kernel's
// MemAvailable or, on kernels before 3.14 or when it reads 0, psutil's
// estimate from the zone watermarks. Fields the kernel does not report are
// 0, and psutil's RuntimeWarning naming them is recorded for
// [System.Warnings].
func (s *System) VirtualMemory() (VirtualMemory, error) {
	vm, missing, err := memoryVirtual(s.FS())
	if err == nil {
		s.warn(missing.warning())
	}
	return vm, err
}

// SwapMemory is psutil.swap_memory(): swap usage in bytes, and the bytes
// swapped in (Sin) and out (Sout) since boot. Sin and Sout are 0 where the
// kernel does not count them or /proc/vmstat cannot be opened; psutil's
// RuntimeWarning saying so is recorded for [System.Warnings].
func (s *System) SwapMemory() (SwapMemory, error) {
	sm, warning, err := memorySwap(s.FS())
	if err == nil {
		s.warn(warning)
	}
	return sm, err
}

// memoryMissing records which virtual_memory fields were set to 0 because
// the kernel did not report them: psutil's missing_fields, which it turns
// into a RuntimeWarning.
type memoryMissing uint8

const (
	memoryMissingBuffers memoryMissing = 1 << iota
	memoryMissingCached
	memoryMissingShared
	memoryMissingActive
	memoryMissingInactive
	memoryMissingAvailable
)

// warning is psutil's warning text, or "" when nothing is missing.
func (m memoryMissing) warning() string {
	if m == 0 {
		return ""
	}
	var names []string
	for i, n := range [...]string{"buffers", "cached", "shared", "active", "inactive", "available"} {
		if m&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	verb := "were"
	if len(names) == 1 {
		verb = "was"
	}
	return strings.Join(names, ", ") + " memory stats couldn't be determined and " + verb + " set to 0"
}
