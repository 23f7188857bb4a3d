//go:build !linux

package platform

func cpuTimesSystem(FS) (CPUTimes, error) { return CPUTimes{}, notImplemented("cpu_times") }

func cpuTimesPerCPU(FS) ([]CPUTimes, error) {
	return nil, notImplemented("cpu_times")
}

func cpuStatsRead(FS) (CPUStats, error) { return CPUStats{}, notImplemented("cpu_stats") }

func cpuCountLogical(FS) (int, error) { return 0, notImplemented("cpu_count") }

func cpuCountCores(FS) (int, error) { return 0, notImplemented("cpu_count") }

func cpuFreqs(FS) ([]CPUFreq, error) { return nil, notImplemented("cpu_freq") }

func cpuLoadAvg(FS) ([3]float64, error) { return [3]float64{}, notImplemented("getloadavg") }
