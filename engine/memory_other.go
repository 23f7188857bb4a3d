//go:build !linux

package engine

// machineMemory is the machine's RAM in bytes: not read on this system, so
// a ceiling no machine reaches today.
func machineMemory() int64 { return 1 << 40 }
