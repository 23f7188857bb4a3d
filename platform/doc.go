// Package platform is a Go port of Python's psutil: system-wide CPU, memory,
// disk, network and sensor figures, and (later) processes, with psutil's
// names, fields, units and error classes.
//
// Every function is a method of [System], which carries the procfs and sysfs
// roots it reads ([FS], psutil's PROCFS_PATH) and the per-caller state that
// psutil keeps in module globals (the previous sample of cpu_percent, the
// counters seen by the nowrap options). [Default] reads the live machine:
//
//	vm, err := platform.Default.VirtualMemory()
//	fmt.Println(vm.Total, vm.Available, vm.Percent)
//
// On operating systems other than Linux every function returns an error
// wrapping [ErrNotImplemented] that names the function and the OS.
package platform
