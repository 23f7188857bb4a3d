package gobench

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/psulua/psulua/platform"
)

// systemFuncs call each system-wide function with psutil's default
// arguments (percpu/perdisk/pernic variants listed apart).
var systemFuncs = []struct {
	name string
	fn   func(s *platform.System) error
}{
	{"cpu_times", func(s *platform.System) error { _, err := s.CPUTimes(); return err }},
	{"cpu_times/percpu", func(s *platform.System) error { _, err := s.PerCPUTimes(); return err }},
	{"cpu_percent", func(s *platform.System) error { _, err := s.CPUPercent(context.Background(), 0); return err }},
	{"cpu_percent/percpu", func(s *platform.System) error { _, err := s.PerCPUPercent(context.Background(), 0); return err }},
	{"cpu_times_percent", func(s *platform.System) error { _, err := s.CPUTimesPercent(context.Background(), 0); return err }},
	{"cpu_count", func(s *platform.System) error { _, err := s.CPUCount(true); return err }},
	{"cpu_count/physical", func(s *platform.System) error { _, err := s.CPUCount(false); return err }},
	{"cpu_stats", func(s *platform.System) error { _, err := s.CPUStats(); return err }},
	{"cpu_freq", func(s *platform.System) error { _, err := s.CPUFreq(); return err }},
	{"getloadavg", func(s *platform.System) error { _, err := s.LoadAvg(); return err }},
	{"virtual_memory", func(s *platform.System) error { _, err := s.VirtualMemory(); return err }},
	{"swap_memory", func(s *platform.System) error { _, err := s.SwapMemory(); return err }},
	{"disk_partitions", func(s *platform.System) error { _, err := s.DiskPartitions(false); return err }},
	{"disk_partitions/all", func(s *platform.System) error { _, err := s.DiskPartitions(true); return err }},
	{"disk_usage", func(s *platform.System) error { _, err := s.DiskUsage("/"); return err }},
	{"disk_io_counters", func(s *platform.System) error { _, err := s.DiskIOCounters(true); return err }},
	{"disk_io_counters/perdisk", func(s *platform.System) error { _, err := s.PerDiskIOCounters(true); return err }},
	{"net_io_counters", func(s *platform.System) error { _, err := s.NetIOCounters(true); return err }},
	{"net_io_counters/pernic", func(s *platform.System) error { _, err := s.PerNicIOCounters(true); return err }},
	{"net_if_addrs", func(s *platform.System) error { _, err := s.NetIfAddrs(); return err }},
	{"net_if_stats", func(s *platform.System) error { _, err := s.NetIfStats(); return err }},
	{"net_connections/inet", func(s *platform.System) error { _, err := s.NetConnections("inet"); return err }},
	{"net_connections/all", func(s *platform.System) error { _, err := s.NetConnections("all"); return err }},
	{"sensors_temperatures", func(s *platform.System) error { _, err := s.SensorsTemperatures(false); return err }},
	{"sensors_fans", func(s *platform.System) error { _, err := s.SensorsFans(); return err }},
	{"sensors_battery", func(s *platform.System) error { _, err := s.SensorsBattery(); return err }},
	{"boot_time", func(s *platform.System) error { _, err := s.BootTime(); return err }},
	{"users", func(s *platform.System) error { _, err := s.Users(); return err }},
	{"pids", func(s *platform.System) error { _, err := s.Pids(); return err }},
	{"pid_exists", func(s *platform.System) error { s.PidExists(os.Getpid()); return nil }},
}

// BenchmarkSystem measures each system-wide function.
func BenchmarkSystem(b *testing.B) {
	for _, f := range systemFuncs {
		b.Run(f.name, func(b *testing.B) {
			s := platform.New(platform.LiveFS())
			if err := f.fn(s); err != nil {
				if errors.Is(err, platform.ErrNotImplemented) {
					b.Skip(err)
				}
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := f.fn(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
