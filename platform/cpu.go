package platform

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// ErrNoCPUFreq is returned by [System.CPUFreq] when the machine reports no
// CPU frequency at all: no cpufreq policy in sysfs and no MHz line in
// /proc/cpuinfo (typical of ARM virtual machines). psutil.cpu_freq()
// returns None there, and cpu_freq(percpu=True) an empty list, which is
// what [System.PerCPUFreq] returns.
var ErrNoCPUFreq = errors.New("cpu_freq: no CPU frequency is available")

// CPUTimes is psutil.cpu_times(): system-wide CPU times in seconds.
func (s *System) CPUTimes() (CPUTimes, error) { return s.backend.cpuTimes(s.FS()) }

// PerCPUTimes is psutil.cpu_times(percpu=True): one entry per logical CPU
// that is online, in CPU order.
func (s *System) PerCPUTimes() ([]CPUTimes, error) { return s.backend.perCPUTimes(s.FS()) }

// CPUPercent is psutil.cpu_percent(interval): the system-wide CPU
// utilization in percent, rounded to one decimal. A positive interval
// compares the CPU times before and after sleeping that long, and returns
// ctx.Err() as soon as ctx is done. An interval of 0 compares with this
// System's previous call, or with the sample [System.SampleCPU] took; the
// first call without either returns a meaningless 0.0.
func (s *System) CPUPercent(ctx context.Context, interval time.Duration) (float64, error) {
	t1, t2, err := cpuSamples(s, ctx, interval, &s.lastCPU, systemBackend.cpuTimes)
	if err != nil {
		return 0, err
	}
	return cpuPercentOf(t1, t2), nil
}

// PerCPUPercent is psutil.cpu_percent(interval, percpu=True): one
// percentage per logical CPU, with CPUPercent's interval rules.
func (s *System) PerCPUPercent(ctx context.Context, interval time.Duration) ([]float64, error) {
	t1, t2, err := cpuSamples(s, ctx, interval, &s.lastPerCPU, systemBackend.perCPUTimes)
	if err != nil {
		return nil, err
	}
	ret := make([]float64, min(len(t1), len(t2)))
	for i := range ret {
		ret[i] = cpuPercentOf(t1[i], t2[i])
	}
	return ret, nil
}

// CPUTimesPercent is psutil.cpu_times_percent(interval): the share of time
// spent in each mode, in percent, with CPUPercent's interval rules. Its
// previous sample is kept apart from CPUPercent's, so both can be used in
// the same program.
func (s *System) CPUTimesPercent(ctx context.Context, interval time.Duration) (CPUTimes, error) {
	t1, t2, err := cpuSamples(s, ctx, interval, &s.lastCPUT, systemBackend.cpuTimes)
	if err != nil {
		return CPUTimes{}, err
	}
	return cpuTimesPercentOf(t1, t2), nil
}

// PerCPUTimesPercent is psutil.cpu_times_percent(interval, percpu=True).
func (s *System) PerCPUTimesPercent(ctx context.Context, interval time.Duration) ([]CPUTimes, error) {
	t1, t2, err := cpuSamples(s, ctx, interval, &s.lastPerCPUT, systemBackend.perCPUTimes)
	if err != nil {
		return nil, err
	}
	ret := make([]CPUTimes, min(len(t1), len(t2)))
	for i := range ret {
		ret[i] = cpuTimesPercentOf(t1[i], t2[i])
	}
	return ret, nil
}

// SampleCPU takes the sample that the first CPUPercent, PerCPUPercent,
// CPUTimesPercent and PerCPUTimesPercent with an interval of 0 compare
// with, as importing psutil does: without it their first call returns a
// meaningless 0.0. Samples already taken are kept. Where the backend can,
// it is one read of the CPU counters for both the system-wide and the
// per-CPU sample.
func (s *System) SampleCPU() error {
	fsys := s.FS()
	var t CPUTimes
	var per []CPUTimes
	var err error
	if both, ok := s.backend.(interface {
		cpuTimesBoth(FS) (CPUTimes, []CPUTimes, error)
	}); ok {
		t, per, err = both.cpuTimesBoth(fsys)
	} else if t, err = s.backend.cpuTimes(fsys); err == nil {
		per, err = s.backend.perCPUTimes(fsys)
	}
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, last := range []*cpuLast[CPUTimes]{&s.lastCPU, &s.lastCPUT} {
		if !last.ok {
			*last = cpuLast[CPUTimes]{t, true}
		}
	}
	for _, last := range []*cpuLast[[]CPUTimes]{&s.lastPerCPU, &s.lastPerCPUT} {
		if !last.ok {
			*last = cpuLast[[]CPUTimes]{per, true}
		}
	}
	return nil
}

// cpuLast is the sample an interval-0 call compares with: the system-wide
// times or the per-CPU list; ok is false before the first call.
type cpuLast[T any] struct {
	v  T
	ok bool
}

// cpuSamples returns the samples to compare: before and after the interval,
// or the one remembered in last and a new one. The new sample is taken and
// remembered under the System's lock, so that concurrent callers keep the
// remembered sample moving forward. A CPU going on- or offline between two
// per-CPU samples changes the lengths; callers compare the common prefix,
// as psutil's zip() does.
func cpuSamples[T any](s *System, ctx context.Context, interval time.Duration, last *cpuLast[T], read func(systemBackend, FS) (T, error)) (t1, t2 T, err error) {
	if err := cpuCheckInterval(interval); err != nil {
		return t1, t2, err
	}
	fsys := s.FS()
	if interval > 0 {
		if t1, err = read(s.backend, fsys); err != nil {
			return t1, t2, err
		}
		if err := sleepContext(ctx, interval); err != nil {
			return t1, t2, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if t2, err = read(s.backend, fsys); err != nil {
		return t1, t2, err
	}
	if interval == 0 {
		t1 = t2
		if last.ok {
			t1 = last.v
		}
	}
	*last = cpuLast[T]{t2, true}
	return t1, t2, nil
}

// CPUCount is psutil.cpu_count(logical): the number of logical CPUs (as
// os.cpu_count(): the online ones), or with logical false the number of
// physical cores. 0 means undetermined (psutil's None).
func (s *System) CPUCount(logical bool) (int, error) {
	var n int
	var err error
	if logical {
		n, err = s.backend.cpuCountLogical(s.FS())
	} else {
		n, err = s.backend.cpuCountCores(s.FS())
	}
	if err != nil || n < 1 {
		return 0, err
	}
	return n, nil
}

// CPUStats is psutil.cpu_stats(): event counters since boot. Syscalls is
// always 0 on Linux.
func (s *System) CPUStats() (CPUStats, error) { return s.backend.cpuStats(s.FS()) }

// CPUFreq is psutil.cpu_freq(): the current frequency in MHz averaged over
// the CPUs, with the averages of their min and max (0 when unknown). It
// returns [ErrNoCPUFreq] where psutil returns None.
func (s *System) CPUFreq() (CPUFreq, error) {
	freqs, err := s.backend.cpuFreqs(s.FS())
	if err != nil {
		return CPUFreq{}, err
	}
	switch len(freqs) {
	case 0:
		return CPUFreq{}, ErrNoCPUFreq
	case 1:
		return freqs[0], nil
	}
	var sum CPUFreq
	for _, f := range freqs {
		sum.Current += f.Current
		sum.Min += f.Min
		sum.Max += f.Max
	}
	n := float64(len(freqs))
	return CPUFreq{Current: sum.Current / n, Min: sum.Min / n, Max: sum.Max / n}, nil
}

// PerCPUFreq is psutil.cpu_freq(percpu=True): one entry per CPU, in MHz;
// empty when no frequency is available.
func (s *System) PerCPUFreq() ([]CPUFreq, error) {
	freqs, err := s.backend.cpuFreqs(s.FS())
	if err != nil {
		return nil, err
	}
	if freqs == nil {
		freqs = []CPUFreq{}
	}
	return freqs, nil
}

// LoadAvg is psutil.getloadavg(): the 1, 5 and 15 minute load averages.
func (s *System) LoadAvg() ([3]float64, error) { return s.backend.loadAvg(s.FS()) }

// cpuCheckInterval is psutil's ValueError for a negative interval.
func cpuCheckInterval(interval time.Duration) error {
	if interval < 0 {
		return errors.New("interval is not positive (got " +
			strconv.FormatFloat(interval.Seconds(), 'g', -1, 64) + ")")
	}
	return nil
}

// cpuFields lists t's fields in tuple order, the order psutil sums them in
// (float addition is not associative, and results are rounded).
func cpuFields(t CPUTimes) [10]float64 {
	return [10]float64{t.User, t.System, t.Idle, t.Nice, t.Iowait,
		t.Irq, t.Softirq, t.Steal, t.Guest, t.GuestNice}
}

// cpuDeltas is t2 - t1 field by field. A time that went backwards counts
// as 0: the kernel's counters sometimes do (psutil #392, #645, #1210), and
// top trims them the same way.
func cpuDeltas(t1, t2 CPUTimes) [10]float64 {
	a, b := cpuFields(t1), cpuFields(t2)
	var d [10]float64
	for i := range d {
		d[i] = max(0, b[i]-a[i])
	}
	return d
}

// cpuTotTime is psutil's _cpu_tot_time: every mode, minus guest and
// guest_nice, which Linux already counts in user and nice (psutil #940).
func cpuTotTime(f [10]float64) float64 {
	tot := 0.0
	for _, v := range f {
		tot += v
	}
	tot -= f[8] // guest
	tot -= f[9] // guest_nice
	return tot
}

// cpuBusyTime is psutil's _cpu_busy_time: the total minus idle and iowait,
// which Linux does not count in idle.
func cpuBusyTime(f [10]float64) float64 {
	busy := cpuTotTime(f)
	busy -= f[2] // idle
	busy -= f[4] // iowait
	return busy
}

// cpuDpcDelta is the delta of Windows' dpc, the field after guest_nice in
// psutil's sum (0 elsewhere).
func cpuDpcDelta(t1, t2 CPUTimes) float64 { return max(0, t2.Dpc-t1.Dpc) }

func cpuPercentOf(t1, t2 CPUTimes) float64 {
	d := cpuDeltas(t1, t2)
	dpc := cpuDpcDelta(t1, t2)
	all := cpuTotTime(d) + dpc
	if all == 0 {
		return 0
	}
	return pyRound1((cpuBusyTime(d) + dpc) / all * 100)
}

func cpuTimesPercentOf(t1, t2 CPUTimes) CPUTimes {
	d := cpuDeltas(t1, t2)
	// psutil divides by max(1, total) to avoid dividing by zero. As the
	// total is in seconds, intervals shorter than a second of CPU time give
	// figures that do not add up to 100 (psutil #1586, still open); kept so
	// the figures match psutil's.
	dpc := cpuDpcDelta(t1, t2)
	scale := 100.0 / max(1, cpuTotTime(d)+dpc)
	var p [10]float64
	for i, v := range d {
		p[i] = min(max(0, pyRound1(v*scale)), 100)
	}
	return CPUTimes{User: p[0], System: p[1], Idle: p[2], Nice: p[3], Iowait: p[4],
		Irq: p[5], Softirq: p[6], Steal: p[7], Guest: p[8], GuestNice: p[9],
		Dpc: min(max(0, pyRound1(dpc*scale)), 100)}
}
