package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// straceResult is one strace -f -c run of a ps listing.
type straceResult struct {
	calls map[string]int // by system call
	total int
	procs int // processes the run listed
}

// straceAll runs each tool under strace -f -c, three times (once with
// -quick), in turns, and keeps for each the run with the median count: the
// Go runtime's own calls vary from run to run.
func (b *bench) straceAll(tools []tool, tag string) (map[string]*straceResult, error) {
	runs := 3
	if b.cfg.quick {
		runs = 1
	}
	b.logf("ps (%s): counting system calls with strace, %d runs", tag, runs)
	all := map[string][]*straceResult{}
	for i := 0; i < runs; i++ {
		for _, t := range tools {
			r, err := b.strace(t, tag)
			if err != nil {
				return nil, err
			}
			all[t.name] = append(all[t.name], r)
		}
	}
	res := map[string]*straceResult{}
	for name, rs := range all {
		sort.Slice(rs, func(i, j int) bool { return rs[i].total < rs[j].total })
		res[name] = rs[len(rs)/2]
	}
	return res, nil
}

// strace runs t once under strace -f -c.
func (b *bench) strace(t tool, tag string) (*straceResult, error) {
	base := filepath.Join(b.work, fmt.Sprintf("strace-%s-%s", tag, t.name))
	out, err := os.Create(base + ".out")
	if err != nil {
		return nil, err
	}
	traced := tool{name: t.name, argv: append([]string{"strace", "-f", "-c", "-o", base + ".txt", "--"}, t.argv...), env: t.env}
	_, err = b.exec(traced, out)
	out.Close()
	if err != nil {
		return nil, err
	}
	listing, err := os.ReadFile(base + ".out")
	if err != nil {
		return nil, err
	}
	summary, err := os.ReadFile(base + ".txt")
	if err != nil {
		return nil, err
	}
	r, err := parseStrace(summary)
	if err != nil {
		return nil, fmt.Errorf("strace of %s: %v", t.name, err)
	}
	r.procs = bytes.Count(listing, []byte{'\n'})
	if t.name == tPs {
		r.procs-- // the header
	}
	return r, nil
}

// parseStrace reads strace -c's table:
//
//	% time     seconds  usecs/call     calls    errors syscall
//	------ ----------- ----------- --------- --------- ----------------
//	 31.03    0.000123           1        90           read
//	...
//	100.00    0.000396           2       190        10 total
func parseStrace(b []byte) (*straceResult, error) {
	r := &straceResult{calls: map[string]int{}}
	for _, ln := range strings.Split(string(b), "\n") {
		f := strings.Fields(ln)
		if len(f) < 5 || f[0] == "%" || strings.HasPrefix(f[0], "-") {
			continue
		}
		n, err := strconv.Atoi(f[3])
		if err != nil {
			continue
		}
		name := f[len(f)-1]
		if name == "total" {
			r.total = n
		} else {
			r.calls[name] = n
		}
	}
	if r.total == 0 {
		return nil, fmt.Errorf("no total in strace's summary:\n%s", b)
	}
	return r, nil
}

// straceRow is one tool's line of the syscall table.
type straceRow struct {
	tool                  string
	asis, loaded          *straceResult
	perProc               float64 // marginal: extra calls per extra process listed
	perProcIO             float64 // the same without the Go runtime's own calls
	top                   string  // the system calls behind perProc
	perProcAsis, perProcL float64 // all calls over processes listed, start-up included
}

// runtimeCalls are the Go runtime's own system calls (GC and scheduler
// wake-ups, sysmon's sleeps, preemption signals, heap growth), which grow
// with allocation and with the run time strace stretches, as opposed to the
// calls that read /proc and write the output.
var runtimeCalls = map[string]bool{
	"futex": true, "nanosleep": true, "sched_yield": true, "epoll_pwait": true, "epoll_wait": true,
	"rt_sigreturn": true, "rt_sigprocmask": true, "tgkill": true, "getpid": true, "gettid": true,
	"madvise": true, "mmap": true, "munmap": true, "mprotect": true, "clone": true, "clone3": true,
	"sigaltstack": true,
}

// straceTable works out the system calls per listed process: the calls the
// extra processes added, over the number of them (start-up cancels out),
// with the calls that make them up.
func straceTable(tools []tool, asis, loaded map[string]*straceResult) []straceRow {
	var rows []straceRow
	for _, t := range tools {
		a, l := asis[t.name], loaded[t.name]
		if a == nil || l == nil {
			continue
		}
		row := straceRow{tool: t.name, asis: a, loaded: l}
		row.perProcAsis = float64(a.total) / float64(max(a.procs, 1))
		row.perProcL = float64(l.total) / float64(max(l.procs, 1))
		if dn := l.procs - a.procs; dn > 0 {
			row.perProc = float64(l.total-a.total) / float64(dn)
			rt := 0
			for name := range runtimeCalls {
				rt += l.calls[name] - a.calls[name]
			}
			row.perProcIO = float64(l.total-a.total-rt) / float64(dn)
			type kv struct {
				name string
				v    float64
			}
			var parts []kv
			for name, n := range l.calls {
				if v := float64(n-a.calls[name]) / float64(dn); v >= 0.05 {
					parts = append(parts, kv{name, v})
				}
			}
			sort.Slice(parts, func(i, j int) bool {
				if parts[i].v != parts[j].v {
					return parts[i].v > parts[j].v
				}
				return parts[i].name < parts[j].name
			})
			var s []string
			for _, p := range parts {
				s = append(s, fmt.Sprintf("%s %.1f", p.name, p.v))
			}
			row.top = strings.Join(s, ", ")
		}
		rows = append(rows, row)
	}
	return rows
}
