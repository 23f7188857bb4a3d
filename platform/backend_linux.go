//go:build linux

package platform

// linuxSystem is the Linux system backend: procfs, sysfs, netlink and a
// few system calls. Its methods live in the *_linux.go file of each area
// (cpu_linux.go, memory_linux.go, ...).
type linuxSystem struct{}

func newSystemBackend() systemBackend { return linuxSystem{} }

// clockTicks is USER_HZ, the unit of the CPU times in /proc/stat and
// /proc/<pid>/stat. psutil asks sysconf(SC_CLK_TCK), which glibc answers
// from the kernel's AT_CLKTCK auxv entry, itself USER_HZ: 100 on every
// architecture Go runs on (only alpha and ia64 used 1024). It is part of the
// kernel's ABI, not a HZ setting, so a constant saves a call that cannot
// give another answer.
const clockTicks = 100
