package sysfs

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// CPU lists, as in /sys/devices/system/cpu/{online,possible} and
// cpuN/topology/core_cpus_list: comma-separated CPU numbers and inclusive
// ranges, "0-3,8,10-11" (Documentation/admin-guide/cputopology.rst).

// ParseCPUList returns the CPUs of a list in its order. An empty list
// (all CPUs of a set offline) gives none.
func ParseCPUList(b []byte) ([]int, error) {
	var cpus []int
	err := cpuEachRange(b, func(lo, hi int) {
		for c := lo; c <= hi; c++ {
			cpus = append(cpus, c)
		}
	})
	return cpus, err
}

// CountCPUList returns how many CPUs a list names, without building it.
func CountCPUList(b []byte) (int, error) {
	n := 0
	err := cpuEachRange(b, func(lo, hi int) { n += hi - lo + 1 })
	return n, err
}

// cpuListMax bounds the CPU numbers a list may name: the kernel allows at
// most 8192 (CONFIG_NR_CPUS), and a corrupt "0-9223372036854775807" must
// not make ParseCPUList build a list as long as that.
const cpuListMax = 1 << 16

func cpuEachRange(b []byte, fn func(lo, hi int)) error {
	b = bytes.TrimSpace(b)
	for len(b) > 0 {
		chunk := b
		if i := bytes.IndexByte(b, ','); i >= 0 {
			chunk, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		chunk = bytes.TrimSpace(chunk)
		if len(chunk) == 0 {
			continue
		}
		lo, hi := chunk, chunk
		if i := bytes.IndexByte(chunk, '-'); i >= 0 {
			lo, hi = chunk[:i], chunk[i+1:]
		}
		l, err1 := strconv.Atoi(string(lo))
		h, err2 := strconv.Atoi(string(hi))
		if err1 != nil || err2 != nil || l < 0 || l > h || h >= cpuListMax {
			return fmt.Errorf("%w CPU range %q", procfs.ErrFileParse, chunk)
		}
		fn(l, h)
	}
	return nil
}
