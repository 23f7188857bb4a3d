package platform

import (
	"context"
	"time"
)

// CPUTimes is psutil.cpu_times(): system-wide CPU times in seconds.
func (s *System) CPUTimes() (CPUTimes, error) { return CPUTimes{}, notImplemented("cpu_times") }

// PerCPUTimes is psutil.cpu_times(percpu=True): one entry per logical CPU.
func (s *System) PerCPUTimes() ([]CPUTimes, error) { return nil, notImplemented("cpu_times") }

// CPUPercent is psutil.cpu_percent(interval). A positive interval blocks
// that long (or until ctx is done); 0 compares with this System's previous call.
func (s *System) CPUPercent(ctx context.Context, interval time.Duration) (float64, error) {
	return 0, notImplemented("cpu_percent")
}

// PerCPUPercent is psutil.cpu_percent(interval, percpu=True).
func (s *System) PerCPUPercent(ctx context.Context, interval time.Duration) ([]float64, error) {
	return nil, notImplemented("cpu_percent")
}

// CPUTimesPercent is psutil.cpu_times_percent(interval).
func (s *System) CPUTimesPercent(ctx context.Context, interval time.Duration) (CPUTimes, error) {
	return CPUTimes{}, notImplemented("cpu_times_percent")
}

// PerCPUTimesPercent is psutil.cpu_times_percent(interval, percpu=True).
func (s *System) PerCPUTimesPercent(ctx context.Context, interval time.Duration) ([]CPUTimes, error) {
	return nil, notImplemented("cpu_times_percent")
}

// CPUCount is psutil.cpu_count(logical); 0 means undetermined (psutil's None).
func (s *System) CPUCount(logical bool) (int, error) { return 0, notImplemented("cpu_count") }

// CPUStats is psutil.cpu_stats().
func (s *System) CPUStats() (CPUStats, error) { return CPUStats{}, notImplemented("cpu_stats") }

// CPUFreq is psutil.cpu_freq().
func (s *System) CPUFreq() (CPUFreq, error) { return CPUFreq{}, notImplemented("cpu_freq") }

// PerCPUFreq is psutil.cpu_freq(percpu=True).
func (s *System) PerCPUFreq() ([]CPUFreq, error) { return nil, notImplemented("cpu_freq") }

// LoadAvg is psutil.getloadavg(): the 1, 5 and 15 minute load averages.
func (s *System) LoadAvg() ([3]float64, error) { return [3]float64{}, notImplemented("getloadavg") }
