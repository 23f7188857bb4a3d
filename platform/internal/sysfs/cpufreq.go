package sysfs

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// cpufreq attributes (Documentation/admin-guide/pm/cpufreq.rst), under
// /sys/devices/system/cpu/cpufreq/policyN/ or, on old kernels,
// /sys/devices/system/cpu/cpuN/cpufreq/. Frequencies are in kHz.

// ParseAffectedCPUs parses a policy's affected_cpus: the online CPUs it
// governs, separated by spaces ("0 1 2 3"). It is empty when all of them
// are offline.
func ParseAffectedCPUs(b []byte) ([]int, error) {
	var cpus []int
	for _, f := range bytes.Fields(b) {
		n, err := strconv.Atoi(string(f))
		if err != nil || n < 0 {
			return nil, fmt.Errorf("%w affected_cpus %q", procfs.ErrFileParse, bytes.TrimSpace(b))
		}
		cpus = append(cpus, n)
	}
	return cpus, nil
}

// ParseKHz parses a frequency attribute such as scaling_cur_freq.
func ParseKHz(b []byte) (int64, error) {
	n, err := strconv.ParseInt(string(bytes.TrimSpace(b)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%w frequency %q", procfs.ErrFileParse, bytes.TrimSpace(b))
	}
	return n, nil
}
