// Package workload holds the Go side of the benchmark's workloads: the
// same process listing, system snapshot and connection table written by
// psulua's platform package, by gopsutil and by a minimal /proc reader
// (the floor). The runners under bench/runners are thin mains around it,
// and bench/gobench measures the same functions in-process.
//
// Every tool prints the same lines, tab-separated, so that the driver can
// compare them:
//
//	ps:   pid ppid name username status user system rss vms num_threads create_time cmdline
//	sys:  cpu|vmem|swap|part|usage|disk|nic|addr|boot|user, then the values
//	conn: fd family type laddr raddr status pid
//
// A value that could not be read is "?"; an absent address or pid is "-".
package workload

import (
	"strconv"
)

// line builds one output line in a reused buffer.
type line []byte

func (l line) tab() line { return append(l, '\t') }

func (l line) str(s string) line { return append(l, s...) }

func (l line) int(v int64) line { return strconv.AppendInt(l, v, 10) }

func (l line) uint(v uint64) line { return strconv.AppendUint(l, v, 10) }

// f2 writes v with two decimals, as the Lua and Python scripts' %.2f.
func (l line) f2(v float64) line { return strconv.AppendFloat(l, v, 'f', 2, 64) }

// f1 writes v with one decimal (percentages).
func (l line) f1(v float64) line { return strconv.AppendFloat(l, v, 'f', 1, 64) }

// addr writes "ip:port", or "-" for an empty address.
func (l line) addr(ip string, port int) line {
	if ip == "" {
		return append(l, '-')
	}
	l = append(l, ip...)
	l = append(l, ':')
	return strconv.AppendInt(l, int64(port), 10)
}

// PsAttrs are the process attributes of the ps listing, in psutil's names.
var PsAttrs = []string{"pid", "ppid", "name", "username", "status", "cpu_times",
	"memory_info", "num_threads", "create_time", "cmdline"}
