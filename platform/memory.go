package platform

import (
	"strconv"
	"strings"
)

// VirtualMemory is psutil.virtual_memory(): system memory usage in bytes.
//
// On Linux the figures match procps-ng's free(1) 4.x: Used is Total minus
// Available (psutil 7.1 and later, #2604; psutil 5.9 used
// total - free - buffers - cached), Cached includes reclaimable slab
// (SReclaimable), as free's buff/cache does, and Available is the kernel's
// MemAvailable or, on kernels before 3.14 or when it reads 0, psutil's
// estimate from the zone watermarks. Fields the kernel does not report are
// 0 (psutil also emits a RuntimeWarning, which has no Go counterpart).
func (s *System) VirtualMemory() (VirtualMemory, error) {
	vm, _, err := memoryVirtual(s.FS())
	return vm, err
}

// SwapMemory is psutil.swap_memory(): swap usage in bytes, and the bytes
// swapped in (Sin) and out (Sout) since boot. Sin and Sout are 0 where the
// kernel does not count them.
func (s *System) SwapMemory() (SwapMemory, error) { return memorySwap(s.FS()) }

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

// memoryUsagePercent is psutil's usage_percent(used, total, round_=1).
func memoryUsagePercent(used, total int64) float64 {
	if total == 0 {
		return 0
	}
	return memoryRound1(float64(used) / float64(total) * 100)
}

// memoryRound1 is Python's round(x, 1): the decimal string nearest to the
// exact binary value, ties to even (strconv rounds the same way), read back
// as the double nearest to it, which n/10 is (IEEE division of exact
// integers is correctly rounded). No allocation, unlike ParseFloat.
func memoryRound1(x float64) float64 {
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], x, 'f', 1, 64)
	var n int64
	neg := false
	for _, c := range b {
		switch {
		case c == '-':
			neg = true
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
		case c != '.':
			return x // Inf or NaN
		}
	}
	if n >= 1<<53 {
		return x // beyond exact integers: x is already a whole number
	}
	r := float64(n) / 10
	if neg {
		r = -r
	}
	return r
}
