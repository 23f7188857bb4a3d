//go:build linux

package platform

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// cpuTimesNames are the tuple's field names in the order of cpuFields.
var cpuTimesNames = [10]string{"user", "system", "idle", "nice", "iowait", "irq", "softirq", "steal", "guest", "guest_nice"}

// cpuBracket checks that psutil's sample, taken between ours, lies between
// them: the counters only move forward (iowait may step back a little).
func cpuBracket(t *testing.T, what string, before, after CPUTimes, py map[string]float64) {
	t.Helper()
	const slack = 0.1
	b, a := cpuFields(before), cpuFields(after)
	for i, name := range cpuTimesNames {
		v, ok := py[name]
		if !ok {
			t.Errorf("%s: psutil has no %s", what, name)
			continue
		}
		if v < b[i]-slack || v > a[i]+slack {
			t.Errorf("%s.%s: psutil %v, ours %v before and %v after", what, name, v, b[i], a[i])
		}
	}
}

// Compares with python3-psutil's cpu_times(), both system-wide and per CPU.
func TestCPUTimesLive(t *testing.T) {
	s := New(LiveFS())
	before, err := s.CPUTimes()
	if err != nil {
		t.Fatal(err)
	}
	perBefore, err := s.PerCPUTimes()
	if err != nil {
		t.Fatal(err)
	}
	var py struct {
		Total  map[string]float64
		PerCPU []map[string]float64
	}
	pyPsutil(t, "dict(Total=psutil.cpu_times()._asdict(), PerCPU=[c._asdict() for c in psutil.cpu_times(percpu=True)])", &py)
	after, err := s.CPUTimes()
	if err != nil {
		t.Fatal(err)
	}
	perAfter, err := s.PerCPUTimes()
	if err != nil {
		t.Fatal(err)
	}
	cpuBracket(t, "cpu_times()", before, after, py.Total)
	if len(py.PerCPU) != len(perBefore) || len(perAfter) != len(perBefore) {
		t.Fatalf("per-CPU entries: psutil %d, ours %d then %d", len(py.PerCPU), len(perBefore), len(perAfter))
	}
	for i := range perBefore {
		cpuBracket(t, fmt.Sprintf("cpu_times(percpu=True)[%d]", i), perBefore[i], perAfter[i], py.PerCPU[i])
	}
	if before.User <= 0 || before.Idle <= 0 {
		t.Errorf("implausible cpu_times %+v", before)
	}
}

// psutil reads our fixtures through PROCFS_PATH: both must agree exactly.
func TestCPUFixturesAgainstPsutil(t *testing.T) {
	for _, name := range []string{"cpu-vm-no-cpufreq", "cpu-modern-4cpu"} {
		t.Run(name, func(t *testing.T) {
			proc, err := filepath.Abs(testdata(name, "proc"))
			if err != nil {
				t.Fatal(err)
			}
			var py struct {
				Total  map[string]float64
				PerCPU []map[string]float64
				Stats  map[string]uint64
			}
			pyPsutil(t, "(setattr(psutil, 'PROCFS_PATH', "+strconv.Quote(proc)+"), "+
				"dict(Total=psutil.cpu_times()._asdict(), PerCPU=[c._asdict() for c in psutil.cpu_times(percpu=True)], "+
				"Stats=psutil.cpu_stats()._asdict()))[1]", &py)
			s := fixture(t, name)
			total, err := s.CPUTimes()
			if err != nil {
				t.Fatal(err)
			}
			for i, name := range cpuTimesNames {
				if v, ok := py.Total[name]; !ok || cpuFields(total)[i] != v {
					t.Errorf("cpu_times().%s = %v, psutil %v", name, cpuFields(total)[i], v)
				}
			}
			per, err := s.PerCPUTimes()
			if err != nil {
				t.Fatal(err)
			}
			if len(per) != len(py.PerCPU) {
				t.Fatalf("per-CPU entries: ours %d, psutil %d", len(per), len(py.PerCPU))
			}
			for i := range per {
				for j, name := range cpuTimesNames {
					if v, ok := py.PerCPU[i][name]; !ok || cpuFields(per[i])[j] != v {
						t.Errorf("cpu %d %s = %v, psutil %v", i, name, cpuFields(per[i])[j], v)
					}
				}
			}
			st, err := s.CPUStats()
			if err != nil {
				t.Fatal(err)
			}
			want := CPUStats{py.Stats["ctx_switches"], py.Stats["interrupts"], py.Stats["soft_interrupts"], py.Stats["syscalls"]}
			if st != want {
				t.Errorf("cpu_stats() = %+v, psutil %+v", st, want)
			}
		})
	}
}

func cpuCommandInt(t *testing.T, name string, args ...string) int {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatalf("%s %v printed %q", name, args, out)
	}
	return n
}

// Compares with psutil.cpu_count(), `nproc --all` and
// `getconf _NPROCESSORS_ONLN` (sysconf's answer, which psutil uses).
func TestCPUCountLive(t *testing.T) {
	s := New(LiveFS())
	logical, err := s.CPUCount(true)
	if err != nil {
		t.Fatal(err)
	}
	cores, err := s.CPUCount(false)
	if err != nil {
		t.Fatal(err)
	}
	var py [2]*int
	pyPsutil(t, "[psutil.cpu_count(), psutil.cpu_count(logical=False)]", &py)
	if py[0] == nil || logical != *py[0] {
		t.Errorf("cpu_count() = %d, psutil %v", logical, cpuIntOrNone(py[0]))
	}
	if (py[1] == nil) != (cores == 0) || (py[1] != nil && cores != *py[1]) {
		t.Errorf("cpu_count(logical=False) = %d, psutil %v", cores, cpuIntOrNone(py[1]))
	}
	if n := cpuCommandInt(t, "nproc", "--all"); logical != n {
		t.Errorf("cpu_count() = %d, nproc --all %d", logical, n)
	}
	if n := cpuCommandInt(t, "getconf", "_NPROCESSORS_ONLN"); logical != n {
		t.Errorf("cpu_count() = %d, getconf _NPROCESSORS_ONLN %d", logical, n)
	}
	if cores > logical {
		t.Errorf("%d cores but %d logical CPUs", cores, logical)
	}
}

func cpuIntOrNone(p *int) string {
	if p == nil {
		return "None"
	}
	return strconv.Itoa(*p)
}

// Compares with psutil.cpu_stats(): psutil's counters, read between two of
// ours, lie between them.
func TestCPUStatsLive(t *testing.T) {
	s := New(LiveFS())
	before, err := s.CPUStats()
	if err != nil {
		t.Fatal(err)
	}
	var py map[string]uint64
	pyPsutil(t, "psutil.cpu_stats()._asdict()", &py)
	after, err := s.CPUStats()
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, b, a uint64) {
		if v := py[name]; v < b || v > a {
			t.Errorf("%s: psutil %d, ours %d before and %d after", name, v, b, a)
		}
	}
	check("ctx_switches", before.CtxSwitches, after.CtxSwitches)
	check("interrupts", before.Interrupts, after.Interrupts)
	check("soft_interrupts", before.SoftInterrupts, after.SoftInterrupts)
	if py["syscalls"] != 0 || after.Syscalls != 0 {
		t.Errorf("syscalls: psutil %d, ours %d; want 0", py["syscalls"], after.Syscalls)
	}
	if before.CtxSwitches == 0 || before.Interrupts == 0 {
		t.Errorf("implausible cpu_stats %+v", before)
	}
}

// Compares with psutil.cpu_freq(), system-wide and per CPU. The current
// frequency may change between the two reads on real hardware.
func TestCPUFreqLive(t *testing.T) {
	s := New(LiveFS())
	per, err := s.PerCPUFreq()
	if err != nil {
		t.Fatal(err)
	}
	var py struct {
		Total  *CPUFreq
		PerCPU []CPUFreq
	}
	pyPsutil(t, "(lambda f: dict(Total=f and dict(Current=f.current, Min=f.min, Max=f.max), "+
		"PerCPU=[dict(Current=c.current, Min=c.min, Max=c.max) for c in psutil.cpu_freq(percpu=True)]))(psutil.cpu_freq())", &py)
	total, err := s.CPUFreq()
	if py.Total == nil {
		if !errors.Is(err, ErrNoCPUFreq) {
			t.Errorf("psutil.cpu_freq() is None, ours %+v, %v", total, err)
		}
	} else if err != nil {
		t.Fatal(err)
	} else {
		cpuFreqClose(t, "cpu_freq()", total, *py.Total)
	}
	if len(per) != len(py.PerCPU) {
		t.Fatalf("cpu_freq(percpu=True): ours %d entries, psutil %d", len(per), len(py.PerCPU))
	}
	for i := range per {
		cpuFreqClose(t, fmt.Sprintf("cpu_freq(percpu=True)[%d]", i), per[i], py.PerCPU[i])
	}
}

func cpuFreqClose(t *testing.T, what string, got, want CPUFreq) {
	t.Helper()
	if got.Min != want.Min || got.Max != want.Max || math.Abs(got.Current-want.Current) > 0.25*want.Current {
		t.Errorf("%s = %+v, psutil %+v", what, got, want)
	}
	if got.Current <= 0 {
		t.Errorf("%s: current frequency %v", what, got.Current)
	}
}

// Compares with psutil.getloadavg(), and with /proc/loadavg, which shows
// the same averages rounded to two decimals (uptime prints these).
func TestLoadAvgLive(t *testing.T) {
	s := New(LiveFS())
	got, err := s.LoadAvg()
	if err != nil {
		t.Fatal(err)
	}
	var py [3]float64
	pyPsutil(t, "psutil.getloadavg()", &py)
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		t.Fatal(err)
	}
	f := strings.Fields(string(b))
	for i := range got {
		if math.Abs(got[i]-py[i]) > 0.5 || got[i] < 0 {
			t.Errorf("getloadavg()[%d] = %v, psutil %v", i, got[i], py[i])
		}
		proc, err := strconv.ParseFloat(f[i], 64)
		if err != nil || math.Abs(got[i]-proc) > 0.5 {
			t.Errorf("getloadavg()[%d] = %v, /proc/loadavg %q", i, got[i], f[i])
		}
	}
	// Full precision, as psutil's: a multiple of 1/65536, not of 1/100.
	if got[0]*65536 != math.Trunc(got[0]*65536) {
		t.Errorf("getloadavg()[0] = %v is not in sysinfo's 1/65536 units", got[0])
	}
}

func TestCPUPercentLive(t *testing.T) {
	ctx := context.Background()
	s := New(LiveFS())
	n, err := s.CPUCount(true)
	if err != nil {
		t.Fatal(err)
	}
	inRange := func(what string, v float64) {
		t.Helper()
		if v < 0 || v > 100 || math.IsNaN(v) || v != pyRound1(v) {
			t.Errorf("%s = %v, want a one-decimal value in [0, 100]", what, v)
		}
	}
	start := time.Now()
	p, err := s.CPUPercent(ctx, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("cpu_percent(0.1) returned after %v", d)
	}
	inRange("cpu_percent(0.1)", p)

	per, err := s.PerCPUPercent(ctx, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(per) != n {
		t.Errorf("cpu_percent(0.1, percpu=True) has %d entries, want %d", len(per), n)
	}
	for i, v := range per {
		inRange(fmt.Sprintf("cpu_percent(0.1, percpu=True)[%d]", i), v)
	}

	tp, err := s.CPUTimesPercent(ctx, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range cpuFields(tp) {
		inRange("cpu_times_percent(0.1)."+cpuTimesNames[i], v)
	}
	ptp, err := s.PerCPUTimesPercent(ctx, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if len(ptp) != n {
		t.Errorf("cpu_times_percent(0.1, percpu=True) has %d entries, want %d", len(ptp), n)
	}

	// Busy one CPU for a second: system-wide usage must show it.
	stop := time.Now().Add(time.Second)
	done := make(chan struct{})
	go func() {
		x := 0
		for time.Now().Before(stop) {
			x++
		}
		_ = x
		close(done)
	}()
	p, err = s.CPUPercent(ctx, 500*time.Millisecond)
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if floor := 100/float64(n) - 25; p < floor {
		t.Errorf("cpu_percent(0.5) while one of %d CPUs spins = %v, want at least %v", n, p, floor)
	}
}
