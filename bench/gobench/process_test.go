package gobench

import (
	"context"
	"os"
	"testing"

	"github.com/psulua/psulua/bench/internal/workload"
	"github.com/psulua/psulua/platform"
)

// BenchmarkNewProcess is psutil.Process(pid): the identity read.
func BenchmarkNewProcess(b *testing.B) {
	s := platform.New(platform.LiveFS())
	pid := os.Getpid()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NewProcess(pid); err != nil {
			b.Fatal(err)
		}
	}
}

// getters call each Process getter with psutil's default arguments,
// without boxing the result (Attr would add an allocation).
var getters = []struct {
	name string
	fn   func(p *platform.Process) error
}{
	{"ppid", func(p *platform.Process) error { _, err := p.Ppid(); return err }},
	{"name", func(p *platform.Process) error { _, err := p.Name(); return err }},
	{"exe", func(p *platform.Process) error { _, err := p.Exe(); return err }},
	{"cmdline", func(p *platform.Process) error { _, err := p.Cmdline(); return err }},
	{"environ", func(p *platform.Process) error { _, err := p.Environ(); return err }},
	{"status", func(p *platform.Process) error { _, err := p.Status(); return err }},
	{"username", func(p *platform.Process) error { _, err := p.Username(); return err }},
	{"create_time", func(p *platform.Process) error { _, err := p.CreateTime(); return err }},
	{"cwd", func(p *platform.Process) error { _, err := p.Cwd(); return err }},
	{"nice", func(p *platform.Process) error { _, err := p.Nice(); return err }},
	{"uids", func(p *platform.Process) error { _, err := p.Uids(); return err }},
	{"gids", func(p *platform.Process) error { _, err := p.Gids(); return err }},
	{"terminal", func(p *platform.Process) error { _, err := p.Terminal(); return err }},
	{"num_fds", func(p *platform.Process) error { _, err := p.NumFds(); return err }},
	{"io_counters", func(p *platform.Process) error { _, err := p.IOCounters(); return err }},
	{"ionice", func(p *platform.Process) error { _, err := p.Ionice(); return err }},
	{"rlimit", func(p *platform.Process) error { _, _, err := p.Rlimit(7); return err }}, // RLIMIT_NOFILE
	{"cpu_affinity", func(p *platform.Process) error { _, err := p.CPUAffinity(); return err }},
	{"cpu_num", func(p *platform.Process) error { _, err := p.CPUNum(); return err }},
	{"num_ctx_switches", func(p *platform.Process) error { _, err := p.NumCtxSwitches(); return err }},
	{"num_threads", func(p *platform.Process) error { _, err := p.NumThreads(); return err }},
	{"threads", func(p *platform.Process) error { _, err := p.Threads(); return err }},
	{"cpu_times", func(p *platform.Process) error { _, err := p.CPUTimes(); return err }},
	{"cpu_percent", func(p *platform.Process) error { _, err := p.CPUPercent(context.Background(), 0); return err }},
	{"memory_info", func(p *platform.Process) error { _, err := p.MemoryInfo(); return err }},
	{"memory_info_ex", func(p *platform.Process) error { _, err := p.MemoryInfoEx(); return err }},
	{"memory_footprint", func(p *platform.Process) error { _, err := p.MemoryFootprint(); return err }},
	{"memory_percent", func(p *platform.Process) error { _, err := p.MemoryPercent("rss"); return err }},
	{"memory_maps", func(p *platform.Process) error { _, err := p.MemoryMaps(); return err }},
	{"page_faults", func(p *platform.Process) error { _, err := p.PageFaults(); return err }},
	{"open_files", func(p *platform.Process) error { _, err := p.OpenFiles(); return err }},
	{"net_connections", func(p *platform.Process) error { _, err := p.NetConnections("inet"); return err }},
	{"is_running", func(p *platform.Process) error { p.IsRunning(); return nil }},
}

// BenchmarkGetter reads each attribute of this process alone ("outside"
// Oneshot) and within an open Oneshot ("inside"), where those of the
// stat, status and statm group come from the cache.
func BenchmarkGetter(b *testing.B) {
	s := platform.New(platform.LiveFS())
	p, err := s.Self()
	if err != nil {
		b.Fatal(err)
	}
	for _, g := range getters {
		b.Run(g.name+"/outside", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := g.fn(p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(g.name+"/inside", func(b *testing.B) {
			b.ReportAllocs()
			_ = p.Oneshot(func() error {
				for b.Loop() {
					if err := g.fn(p); err != nil {
						b.Fatal(err)
					}
				}
				return nil
			})
		})
	}
}

// BenchmarkProcessIter is process_iter(): "fresh" with a new System each
// time, as a psulua run starts, "warm" with the table of the previous
// call, as a monitor that lists again and again.
func BenchmarkProcessIter(b *testing.B) {
	cases := []struct {
		name  string
		attrs []string // nil: no prefetch; empty: every attribute
		fresh bool
	}{
		{"none/warm", nil, false},
		{"ps/fresh", workload.PsAttrs, true},
		{"ps/warm", workload.PsAttrs, false},
		{"all/warm", []string{}, false},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			s := platform.New(platform.LiveFS())
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if c.fresh {
					s = platform.New(platform.LiveFS())
				}
				var procs []*platform.Process
				var err error
				if c.attrs == nil {
					procs, err = s.ProcessIter()
				} else {
					procs, err = s.ProcessIterAttrs(c.attrs)
				}
				if err != nil {
					b.Fatal(err)
				}
				n = len(procs)
			}
			b.ReportMetric(float64(n), "procs")
		})
	}
}

// BenchmarkPsOneshot is the ps listing's fields read the other way a Go
// program may take: process_iter() without attrs, then the getters
// within each process's Oneshot.
func BenchmarkPsOneshot(b *testing.B) {
	benchEachProcess(b, func(p *platform.Process) {
		_ = p.Oneshot(func() error {
			p.Ppid()
			p.Name()
			p.Username()
			p.Status()
			p.CPUTimes()
			p.MemoryInfo()
			p.NumThreads()
			p.CreateTime()
			p.Cmdline()
			return nil
		})
	})
}

// topAttrs are what examples/top.lua asks of every process, every refresh
// (psutil's scripts/top.py).
var topAttrs = []string{"username", "nice", "memory_info", "memory_percent", "cpu_percent", "cpu_times", "name", "status"}

// BenchmarkMonitorPass is one refresh of a monitor from Go: process_iter()
// and as_dict of top's attributes for each process, the table warm (its
// files kept open from the previous pass).
func BenchmarkMonitorPass(b *testing.B) {
	set, err := platform.NewProcessAttrSet(topAttrs)
	if err != nil {
		b.Fatal(err)
	}
	benchEachProcess(b, func(p *platform.Process) {
		_ = p.AsDictFunc(set, func(int) {}, func(string, any, bool) {})
	})
}

// benchEachProcess times passes of process_iter() (without attrs) that
// call each on every process, and reports how many there were.
func benchEachProcess(b *testing.B, each func(p *platform.Process)) {
	s := platform.New(platform.LiveFS())
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		procs, err := s.ProcessIter()
		if err != nil {
			b.Fatal(err)
		}
		for _, p := range procs {
			each(p)
		}
		n = len(procs)
	}
	b.ReportMetric(float64(n), "procs")
}
