// Package gobench holds the Go micro-benchmarks of the psulua benchmark
// (run by bench/cmd/bench with go test -bench -benchmem): the cost per
// call of psulua's hot paths on the live machine (process creation, each
// Process getter inside and outside Oneshot, process_iter, each system
// function), and the whole workloads in-process (psulua from Go and from
// Lua, gopsutil, the floor), so that a profile can be taken of any of them:
//
//	go test -run '^$' -bench 'Workload/ps/psulua-lua' -cpuprofile cpu.prof ./gobench
//	go tool pprof -top gobench.test cpu.prof
package gobench
