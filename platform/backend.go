package platform

import "context"

// systemBackend is the contract between psutil's portable semantics (the
// System methods in cpu.go, memory.go, disk.go, net.go, sensors.go, host.go
// and connections.go) and one operating system: each method answers one of
// psutil's system-wide questions the way that OS does, reading the roots in
// fs where the OS has files to read. The portable side does the rest once
// for every OS: argument checks, percent deltas, averages, the nowrap
// counters, warnings, the conversion of errors to psutil's classes.
//
// Linux implements it in backend_linux.go (linuxSystem, its methods in the
// *_linux.go file of each area); every other OS gets unsupportedSystem
// (backend_other.go), whose methods return a [NotImplementedError] naming
// psutil's function. A new OS backend is a type implementing this
// interface in its own files, returned by newSystemBackend.
type systemBackend interface {
	// cpu_times(): system-wide, and one entry per online CPU in CPU order.
	cpuTimes(fs FS) (CPUTimes, error)
	perCPUTimes(fs FS) ([]CPUTimes, error)
	// cpu_stats().
	cpuStats(fs FS) (CPUStats, error)
	// cpu_count(): logical CPUs, physical cores; 0 when undetermined.
	cpuCountLogical(fs FS) (int, error)
	cpuCountCores(fs FS) (int, error)
	// cpu_freq(percpu=True): one entry per CPU in MHz, none when the
	// machine reports no frequency.
	cpuFreqs(fs FS) ([]CPUFreq, error)
	// getloadavg().
	loadAvg(fs FS) ([3]float64, error)

	// virtual_memory() and swap_memory(), with the text of the
	// RuntimeWarning psutil emits along with them ("" when none).
	// pageSize is the machine's (System.pageSize).
	virtualMemory(fs FS, pageSize uint64) (vm VirtualMemory, warning string, err error)
	swapMemory(fs FS) (sm SwapMemory, warning string, err error)

	// disk_partitions(all).
	diskPartitions(fs FS, all bool) ([]DiskPartition, error)
	// disk_usage(path): statvfs's byte counts; an error that is not
	// ErrNotImplemented gets the path added by the caller.
	diskUsage(path string) (total, availRoot, availUser uint64, err error)
	// disk_io_counters(perdisk): raw counters by disk name, in the order
	// of DiskIOCounters' fields, for the nowrap logic.
	diskIOCounters(fs FS, perdisk bool) (map[string][]uint64, error)

	// net_io_counters(pernic=True): raw counters by NIC name, in the order
	// of NetIOCounters' fields.
	netIOCounters(fs FS) (map[string][]uint64, error)
	// net_if_addrs(): getifaddrs's entries, in the kernel's order.
	netIfAddrs(fs FS) ([]netRawAddr, error)
	// net_if_stats().
	netIfStats(fs FS) (map[string]NetIfStats, error)
	// net_connections(kind) and Process.net_connections(kind), for the
	// tables kind selects.
	netConnections(ctx context.Context, fs FS, tables connTables) ([]Conn, error)
	pidConnections(fs FS, pid int, tables connTables) ([]ProcessConn, error)

	// sensors_temperatures(), in Celsius; sensors_fans(); sensors_battery(),
	// nil when there is no battery.
	sensorsTemperatures(fs FS) (map[string][]Temperature, error)
	sensorsFans(fs FS) (map[string][]Fan, error)
	sensorsBattery(fs FS) (*Battery, error)

	// boot_time() and users().
	bootTime(fs FS) (float64, error)
	users(fs FS) ([]User, error)
}
