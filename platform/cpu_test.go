//go:build linux

package platform

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/psulua/psulua/platform/internal/procfs"
)

func TestCPUTimesFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    CPUTimes
		percpu  []CPUTimes
	}{
		{
			// This VM: two CPUs, no nice, a little steal.
			"cpu-vm-no-cpufreq",
			CPUTimes{User: 39.48, System: 19.19, Idle: 1528.24, Iowait: 3.23, Softirq: 0.55, Steal: 0.1},
			[]CPUTimes{
				{User: 17.87, System: 8.59, Idle: 768.88, Iowait: 0.29, Softirq: 0.16, Steal: 0.03},
				{User: 21.6, System: 10.59, Idle: 759.35, Iowait: 2.94, Softirq: 0.39, Steal: 0.07},
			},
		},
		{
			// Four CPUs, every column in use, including guest time.
			"cpu-modern-4cpu",
			CPUTimes{User: 54293.75, System: 20385.56, Idle: 505920.77, Nice: 1286.37, Iowait: 172.11, Softirq: 256.99, Steal: 80.82, Guest: 1386.01, GuestNice: 1.77},
			[]CPUTimes{
				{User: 13932.8, System: 5720.56, Idle: 133432.92, Nice: 329.66, Iowait: 61.3, Softirq: 178.75, Steal: 21.74, Guest: 239.33, GuestNice: 1.2},
				{User: 13351.24, System: 4889.37, Idle: 111552.13, Nice: 317.85, Iowait: 27.41, Softirq: 33.73, Steal: 19.8, Guest: 413.46},
				{User: 14022.11, System: 5014.43, Idle: 129871.14, Nice: 298.74, Iowait: 50.22, Softirq: 24.61, Steal: 20.51, Guest: 381.02, GuestNice: 0.57},
				{User: 12987.6, System: 4761.2, Idle: 131064.58, Nice: 340.12, Iowait: 33.18, Softirq: 19.9, Steal: 18.77, Guest: 352.2},
			},
		},
		{
			// Linux 2.6.9: seven columns; steal, guest and guest_nice are 0.
			"cpu-old-kernel-7col",
			CPUTimes{User: 2098.41, System: 217.2, Idle: 1185193.46, Nice: 15.54, Iowait: 729.39, Irq: 1.54, Softirq: 271.68},
			[]CPUTimes{
				{User: 425.36, System: 48.41, Idle: 147908.8, Nice: 7.98, Iowait: 147.78, Irq: 1.24, Softirq: 31.17},
				{User: 241.84, System: 38.75, Idle: 147945.24, Nice: 5.69, Iowait: 302.09, Irq: 0.29, Softirq: 31.3},
				{User: 286.16, System: 21.82, Idle: 148181.98, Nice: 0.11, Iowait: 40.2, Irq: 0.01, Softirq: 34.93},
				{User: 353.5, System: 29.42, Idle: 148115.19, Nice: 0.06, Iowait: 30.45, Softirq: 36.59},
				{User: 182.09, System: 22.63, Idle: 148200.76, Nice: 1.35, Iowait: 124.65, Softirq: 33.73},
				{User: 207.95, System: 18.66, Idle: 148257.01, Nice: 0.35, Iowait: 45.08, Softirq: 36.15},
				{User: 216.07, System: 22.01, Idle: 148270.53, Iowait: 23.25, Softirq: 33.34},
				{User: 185.44, System: 15.5, Idle: 148313.95, Iowait: 15.89, Softirq: 34.47},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			s := fixture(t, tt.fixture)
			got, err := s.CPUTimes()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CPUTimes\n got  %+v\n want %+v", got, tt.want)
			}
			per, err := s.PerCPUTimes()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(per, tt.percpu) {
				t.Errorf("PerCPUTimes\n got  %+v\n want %+v", per, tt.percpu)
			}
		})
	}
}

func TestCPUStatsFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    CPUStats
	}{
		{"cpu-vm-no-cpufreq", CPUStats{CtxSwitches: 440616, Interrupts: 239790, SoftInterrupts: 116343}},
		{"cpu-modern-4cpu", CPUStats{CtxSwitches: 3264312019, Interrupts: 199292346, SoftInterrupts: 458230269}},
		// No softirq line before Linux 2.6.31.
		{"cpu-old-kernel-7col", CPUStats{CtxSwitches: 4209609, Interrupts: 15239682}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := fixture(t, tt.fixture).CPUStats()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestCPUCountFixtures(t *testing.T) {
	tests := []struct {
		name           string
		fixture        string
		logical, cores int
	}{
		{"this VM: online list and core_cpus_list", "cpu-vm-no-cpufreq", 2, 2},
		{"2 cores x 2 threads in sysfs topology, cpu4 offline", "cpu-ht-topology", 4, 2},
		{"2 cores x 2 threads in cpuinfo only", "cpu-ht-cpuinfo", 4, 2},
		{"arm without topology: cores undetermined", "cpu-freq-none", 4, 0},
		{"no online list nor cpuinfo: stat's cpuN lines", "cpu-old-kernel-7col", 8, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t, tt.fixture)
			n, err := s.CPUCount(true)
			if err != nil || n != tt.logical {
				t.Errorf("CPUCount(true) = %d, %v; want %d", n, err, tt.logical)
			}
			n, err = s.CPUCount(false)
			if tt.fixture == "cpu-old-kernel-7col" {
				// psutil raises: no topology and no /proc/cpuinfo to read.
				if !errors.Is(err, os.ErrNotExist) {
					t.Errorf("CPUCount(false) = %d, %v; want ENOENT", n, err)
				}
				return
			}
			if err != nil || n != tt.cores {
				t.Errorf("CPUCount(false) = %d, %v; want %d", n, err, tt.cores)
			}
		})
	}
}

func TestCPUFreqFixtures(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		percpu  []CPUFreq
		want    CPUFreq
	}{
		{
			"this VM: cpuinfo MHz only, min and max 0",
			"cpu-vm-no-cpufreq",
			[]CPUFreq{{Current: 2599.998}, {Current: 2599.998}},
			CPUFreq{Current: 2599.998},
		},
		{
			// As many cpuinfo MHz lines as CPUs: current comes from cpuinfo
			// (psutil #1851), min and max from scaling_* (policy3 is capped
			// below its cpuinfo_max_freq).
			"policy per CPU",
			"cpu-freq-policy",
			[]CPUFreq{
				{Current: 2699.998, Min: 400, Max: 3100},
				{Current: 1895.503, Min: 400, Max: 3100},
				{Current: 800.012, Min: 400, Max: 3100},
				{Current: 3100.001, Min: 400, Max: 2500},
			},
			CPUFreq{Current: 2123.8785, Min: 400, Max: 2950},
		},
		{
			// One policy governs all four cores (psutil #2512); cpuinfo has
			// no MHz, so current is scaling_cur_freq.
			"shared policy on arm",
			"cpu-freq-shared-policy",
			[]CPUFreq{{1500, 600, 1500}, {1500, 600, 1500}, {1500, 600, 1500}, {1500, 600, 1500}},
			CPUFreq{1500, 600, 1500},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixture(t, tt.fixture)
			per, err := s.PerCPUFreq()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(per, tt.percpu) {
				t.Errorf("PerCPUFreq\n got  %+v\n want %+v", per, tt.percpu)
			}
			got, err := s.CPUFreq()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("CPUFreq got %+v, want %+v", got, tt.want)
			}
		})
	}

	t.Run("nothing reports a frequency", func(t *testing.T) {
		s := fixture(t, "cpu-freq-none")
		if _, err := s.CPUFreq(); !errors.Is(err, ErrNoCPUFreq) {
			t.Errorf("CPUFreq err = %v, want ErrNoCPUFreq (psutil's None)", err)
		}
		per, err := s.PerCPUFreq()
		if err != nil || per == nil || len(per) != 0 {
			t.Errorf("PerCPUFreq = %#v, %v; want an empty list", per, err)
		}
	})
}

func TestCPUFreqNoCurrentFrequency(t *testing.T) {
	// A policy with neither scaling_cur_freq nor cpuinfo_cur_freq, for a CPU
	// that is not offline: psutil raises NotImplementedError.
	root := t.TempDir()
	policy := filepath.Join(root, "sys/devices/system/cpu/cpufreq/policy0")
	cpuWriteFiles(t, map[string]string{
		filepath.Join(root, "proc/cpuinfo"):       "processor\t: 0\n\n",
		filepath.Join(policy, "affected_cpus"):    "0 1\n",
		filepath.Join(policy, "scaling_min_freq"): "600000\n",
		filepath.Join(policy, "scaling_max_freq"): "1500000\n",
	})
	s := New(FixtureFS(root))
	_, err := s.PerCPUFreq()
	if !errors.Is(err, ErrNotImplemented) || !strings.Contains(err.Error(), "can't find current frequency file") {
		t.Fatalf("err = %v, want can't find current frequency file", err)
	}

	// The same CPUs offline are left out instead (psutil #2628).
	cpuWriteFiles(t, map[string]string{
		filepath.Join(root, "sys/devices/system/cpu/cpu0/online"): "0\n",
		filepath.Join(root, "sys/devices/system/cpu/cpu1/online"): "0\n",
	})
	per, err := s.PerCPUFreq()
	if err != nil || len(per) != 0 {
		t.Fatalf("PerCPUFreq = %v, %v; want none", per, err)
	}
}

// TestCPUFreqParseErrorNamesFile: a cpufreq attribute that is not a number
// is reported with its path, as Python's ValueError traceback would show.
func TestCPUFreqParseErrorNamesFile(t *testing.T) {
	for _, file := range []string{"scaling_max_freq", "affected_cpus"} {
		t.Run(file, func(t *testing.T) {
			root := t.TempDir()
			policy := filepath.Join(root, "sys/devices/system/cpu/cpufreq/policy0")
			files := map[string]string{
				filepath.Join(root, "proc/cpuinfo"):       "processor\t: 0\ncpu MHz\t: 1000.0\n\n",
				filepath.Join(policy, "affected_cpus"):    "0\n",
				filepath.Join(policy, "scaling_min_freq"): "600000\n",
				filepath.Join(policy, "scaling_max_freq"): "1500000\n",
			}
			files[filepath.Join(policy, file)] = "x\n"
			cpuWriteFiles(t, files)
			_, err := New(FixtureFS(root)).PerCPUFreq()
			if !errors.Is(err, procfs.ErrFileParse) || !strings.Contains(err.Error(), filepath.Join(policy, file)) {
				t.Errorf("err = %v, want a parse error naming %s", err, file)
			}
		})
	}
}

func TestLoadAvgFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    [3]float64
	}{
		{"cpu-vm-no-cpufreq", [3]float64{0.30, 0.11, 0.04}},
		{"cpu-modern-4cpu", [3]float64{0.02, 0.04, 0.05}},
	}
	for _, tt := range tests {
		got, err := fixture(t, tt.fixture).LoadAvg()
		if err != nil || got != tt.want {
			t.Errorf("%s: LoadAvg = %v, %v; want %v", tt.fixture, got, err, tt.want)
		}
	}
}

func TestCPUMissingProcfs(t *testing.T) {
	s := New(FixtureFS(t.TempDir()))
	if _, err := s.CPUTimes(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CPUTimes err = %v, want ENOENT", err)
	}
	if _, err := s.CPUStats(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("CPUStats err = %v, want ENOENT", err)
	}
	if _, err := s.LoadAvg(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadAvg err = %v, want ENOENT", err)
	}
}

// The percent computations, with expectations from psutil's own
// _cpu_times_deltas, _cpu_tot_time and _cpu_busy_time.
func TestCPUPercentOf(t *testing.T) {
	tests := []struct {
		name   string
		t1, t2 CPUTimes
		pct    float64
		times  CPUTimes
	}{
		{
			"typical",
			CPUTimes{User: 10, System: 5, Idle: 80, Iowait: 5},
			CPUTimes{User: 20, System: 10, Idle: 160, Iowait: 10},
			15.0,
			CPUTimes{User: 10, System: 5, Idle: 80, Iowait: 5},
		},
		{
			// guest and guest_nice are already in user and nice (psutil #940).
			"guest time not counted twice",
			CPUTimes{User: 100, Nice: 10, System: 50, Idle: 800, Guest: 40, GuestNice: 5},
			CPUTimes{User: 130.5, Nice: 12, System: 61.25, Idle: 1000, Iowait: 3.5, Guest: 60, GuestNice: 6},
			17.7,
			CPUTimes{User: 12.3, System: 4.6, Idle: 80.9, Nice: 0.8, Iowait: 1.4, Guest: 8.1, GuestNice: 0.4},
		},
		{
			// 0.49/4*100 is 12.250000000000002 but 0.49*25 is 12.25, a tie
			// that Python rounds to even.
			"rounding as Python's round",
			CPUTimes{},
			CPUTimes{User: 0.49, Idle: 3.51},
			12.3,
			CPUTimes{User: 12.2, Idle: 87.8},
		},
		{
			"two CPUs for a tenth of a second",
			CPUTimes{User: 39.48, System: 19.19, Idle: 1528.24, Iowait: 3.23, Softirq: 0.55, Steal: 0.1},
			CPUTimes{User: 40.13, System: 19.51, Idle: 1529.51, Iowait: 3.24, Softirq: 0.56, Steal: 0.1},
			43.4,
			CPUTimes{User: 28.8, System: 14.2, Idle: 56.2, Iowait: 0.4, Softirq: 0.4},
		},
		{
			// Under one second of CPU time in total, psutil's max(1, total)
			// leaves the shares short of 100 (psutil #1586).
			"less than a second of CPU time",
			CPUTimes{User: 39.48, System: 19.19, Idle: 1528.24, Iowait: 3.23},
			CPUTimes{User: 39.49, System: 19.19, Idle: 1528.43, Iowait: 3.23},
			5.0,
			CPUTimes{User: 1, Idle: 19},
		},
		{"no time passed", CPUTimes{User: 1, Idle: 2}, CPUTimes{User: 1, Idle: 2}, 0, CPUTimes{}},
		{
			// A counter going backwards counts as 0 (psutil #1210).
			"steal decreased",
			CPUTimes{Steal: 0.01},
			CPUTimes{},
			0,
			CPUTimes{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cpuPercentOf(tt.t1, tt.t2); got != tt.pct {
				t.Errorf("cpuPercentOf = %v, want %v", got, tt.pct)
			}
			if got := cpuTimesPercentOf(tt.t1, tt.t2); got != tt.times {
				t.Errorf("cpuTimesPercentOf\n got  %+v\n want %+v", got, tt.times)
			}
		})
	}
}

// cpuStatTree writes a procfs tree holding only stat, to replay samples.
func cpuStatTree(t *testing.T, root, stat string) {
	t.Helper()
	cpuWriteFiles(t, map[string]string{filepath.Join(root, "proc", "stat"): stat})
}

func cpuWriteFiles(t *testing.T, files map[string]string) {
	t.Helper()
	for path, content := range files {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestCPUPercentState(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := New(FixtureFS(root))
	cpuStatTree(t, root, "cpu  1000 0 500 8000 500 0 0 0 0 0\ncpu0 500 0 250 4000 250 0 0 0 0 0\ncpu1 500 0 250 4000 250 0 0 0 0 0\n")

	// First call: nothing to compare with, 0.0 as psutil documents.
	if p, err := s.CPUPercent(ctx, 0); err != nil || p != 0 {
		t.Fatalf("first CPUPercent = %v, %v; want 0", p, err)
	}
	if p, err := s.PerCPUPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []float64{0, 0}) {
		t.Fatalf("first PerCPUPercent = %v, %v; want [0 0]", p, err)
	}
	if p, err := s.CPUTimesPercent(ctx, 0); err != nil || p != (CPUTimes{}) {
		t.Fatalf("first CPUTimesPercent = %+v, %v; want zeros", p, err)
	}
	if p, err := s.PerCPUTimesPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []CPUTimes{{}, {}}) {
		t.Fatalf("first PerCPUTimesPercent = %+v, %v; want zeros", p, err)
	}

	// One second later on two CPUs: cpu0 fully busy, cpu1 idle.
	cpuStatTree(t, root, "cpu  1100 0 500 8100 500 0 0 0 0 0\ncpu0 600 0 250 4000 250 0 0 0 0 0\ncpu1 500 0 250 4100 250 0 0 0 0 0\n")
	if p, err := s.CPUPercent(ctx, 0); err != nil || p != 50 {
		t.Errorf("CPUPercent = %v, %v; want 50", p, err)
	}
	if p, err := s.PerCPUPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []float64{100, 0}) {
		t.Errorf("PerCPUPercent = %v, %v; want [100 0]", p, err)
	}
	// CPUTimesPercent keeps its own previous sample: it still compares
	// with the first one.
	if p, err := s.CPUTimesPercent(ctx, 0); err != nil || p != (CPUTimes{User: 50, Idle: 50}) {
		t.Errorf("CPUTimesPercent = %+v, %v; want user 50, idle 50", p, err)
	}
	if p, err := s.PerCPUTimesPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []CPUTimes{{User: 100}, {Idle: 100}}) {
		t.Errorf("PerCPUTimesPercent = %+v, %v", p, err)
	}

	// Nothing moved since: 0.0.
	if p, err := s.CPUPercent(ctx, 0); err != nil || p != 0 {
		t.Errorf("CPUPercent with no time passed = %v, %v; want 0", p, err)
	}

	// A CPU went offline: compare the CPUs both samples have.
	cpuStatTree(t, root, "cpu  1150 0 500 8100 500 0 0 0 0 0\ncpu0 650 0 250 4000 250 0 0 0 0 0\n")
	if p, err := s.PerCPUPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []float64{100}) {
		t.Errorf("PerCPUPercent after hotplug = %v, %v; want [100]", p, err)
	}

	// A blocking call also updates the remembered sample.
	if _, err := s.CPUPercent(ctx, time.Millisecond); err != nil {
		t.Fatal(err)
	}
	cpuStatTree(t, root, "cpu  1150 0 500 8200 500 0 0 0 0 0\ncpu0 650 0 250 4100 250 0 0 0 0 0\n")
	if p, err := s.CPUPercent(ctx, 0); err != nil || p != 0 {
		t.Errorf("CPUPercent after a blocking call = %v, %v; want 0", p, err)
	}
}

func TestCPUPercentInterval(t *testing.T) {
	s := fixture(t, "cpu-vm-no-cpufreq")

	t.Run("negative", func(t *testing.T) {
		ctx := context.Background()
		for name, call := range map[string]func() error{
			"CPUPercent":         func() error { _, err := s.CPUPercent(ctx, -time.Second); return err },
			"PerCPUPercent":      func() error { _, err := s.PerCPUPercent(ctx, -time.Second); return err },
			"CPUTimesPercent":    func() error { _, err := s.CPUTimesPercent(ctx, -time.Second); return err },
			"PerCPUTimesPercent": func() error { _, err := s.PerCPUTimesPercent(ctx, -time.Second); return err },
		} {
			if err := call(); err == nil || err.Error() != "interval is not positive (got -1)" {
				t.Errorf("%s(-1s) err = %v", name, err)
			}
		}
		if _, err := s.CPUPercent(ctx, -1500*time.Millisecond); err == nil || err.Error() != "interval is not positive (got -1.5)" {
			t.Errorf("CPUPercent(-1.5s) err = %v", err)
		}
	})

	t.Run("cancelled while sleeping", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(20*time.Millisecond, cancel)
		start := time.Now()
		_, err := s.PerCPUTimesPercent(ctx, time.Hour)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("returned after %v", d)
		}
	})

	t.Run("deadline already passed", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
		defer cancel()
		if _, err := s.CPUPercent(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want context.DeadlineExceeded", err)
		}
	})

	t.Run("fixture does not move", func(t *testing.T) {
		p, err := s.CPUPercent(context.Background(), time.Millisecond)
		if err != nil || p != 0 {
			t.Errorf("CPUPercent = %v, %v; want 0", p, err)
		}
	})
}

func BenchmarkCPUTimes(b *testing.B) {
	b.ReportAllocs()
	s := New(LiveFS())
	for b.Loop() {
		if _, err := s.CPUTimes(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPerCPUTimes(b *testing.B) {
	b.ReportAllocs()
	s := New(LiveFS())
	for b.Loop() {
		if _, err := s.PerCPUTimes(); err != nil {
			b.Fatal(err)
		}
	}
}

// Importing psutil takes a sample that the first interval-0 calls compare
// with (SampleCPU, which the Lua module calls when it loads): their first
// answer is the real one, not 0.0.
func TestCPUPercentFirstCallComparesWithSampleCPU(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	s := New(FixtureFS(root))
	cpuStatTree(t, root, "cpu  1000 0 500 8000 500 0 0 0 0 0\ncpu0 500 0 250 4000 250 0 0 0 0 0\ncpu1 500 0 250 4000 250 0 0 0 0 0\n")
	if err := s.SampleCPU(); err != nil {
		t.Fatal(err)
	}
	cpuStatTree(t, root, "cpu  1100 0 500 8100 500 0 0 0 0 0\ncpu0 600 0 250 4000 250 0 0 0 0 0\ncpu1 500 0 250 4100 250 0 0 0 0 0\n")
	if err := s.SampleCPU(); err != nil { // a second load keeps the first sample
		t.Fatal(err)
	}
	if p, err := s.CPUPercent(ctx, 0); err != nil || p != 50 {
		t.Errorf("first CPUPercent = %v, %v; want 50", p, err)
	}
	if p, err := s.PerCPUPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []float64{100, 0}) {
		t.Errorf("first PerCPUPercent = %v, %v; want [100 0]", p, err)
	}
	if p, err := s.CPUTimesPercent(ctx, 0); err != nil || p != (CPUTimes{User: 50, Idle: 50}) {
		t.Errorf("first CPUTimesPercent = %+v, %v; want user 50, idle 50", p, err)
	}
	if p, err := s.PerCPUTimesPercent(ctx, 0); err != nil || !reflect.DeepEqual(p, []CPUTimes{{User: 100}, {Idle: 100}}) {
		t.Errorf("first PerCPUTimesPercent = %+v, %v", p, err)
	}
}
