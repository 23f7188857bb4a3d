// Package platform is a Go port of Python's psutil: system-wide CPU, memory,
// disk, network, sensor and login figures, and processes, with psutil's
// names, fields, units and error classes.
//
// Every function is a method of [System], which carries the roots it reads
// ([FS]: /proc, /sys, /etc, /dev and /run; psutil's PROCFS_PATH sets the
// first) and the per-caller state that psutil keeps in module globals (the
// previous sample of cpu_percent, the counters seen by the nowrap options,
// the process_iter table). [Default] reads the live machine:
//
//	vm, err := platform.Default.VirtualMemory()
//	fmt.Println(vm.Total, vm.Available, vm.Percent)
//
//	p, err := platform.Default.NewProcess(1)
//	name, err := p.Name()
//
// Values encode with encoding/json as psutil's _asdict() gives them:
// psutil's field names, None as null, a [Process] as its as_dict().
//
// Calls that wait take a context.Context first ([System.CPUPercent] with an
// interval, [Process.Wait], [System.WaitProcs]); the listings that read
// every process have a variant that does ([System.ProcessIterContext],
// [System.ProcessIterAttrsContext], [System.NetConnectionsContext]). Once
// the context is done they return its error.
//
// On operating systems other than Linux every function returns an error
// wrapping [ErrNotImplemented] that names the function and the OS.
package platform
