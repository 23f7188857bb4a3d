//go:build !linux && !windows

package platform

import "context"

// unsupportedSystem is the system backend of an OS psulua does not read
// yet: every question is a NotImplementedError naming psutil's function.
type unsupportedSystem struct{}

func newSystemBackend() systemBackend { return unsupportedSystem{} }

func (unsupportedSystem) cpuTimes(FS) (CPUTimes, error) {
	return CPUTimes{}, notImplemented("cpu_times")
}
func (unsupportedSystem) perCPUTimes(FS) ([]CPUTimes, error) {
	return nil, notImplemented("cpu_times")
}
func (unsupportedSystem) cpuStats(FS) (CPUStats, error) {
	return CPUStats{}, notImplemented("cpu_stats")
}
func (unsupportedSystem) cpuCountLogical(FS) (int, error) { return 0, notImplemented("cpu_count") }
func (unsupportedSystem) cpuCountCores(FS) (int, error)   { return 0, notImplemented("cpu_count") }
func (unsupportedSystem) cpuFreqs(FS) ([]CPUFreq, error)  { return nil, notImplemented("cpu_freq") }
func (unsupportedSystem) loadAvg(FS) ([3]float64, error) {
	return [3]float64{}, notImplemented("getloadavg")
}

func (unsupportedSystem) virtualMemory(FS, uint64) (VirtualMemory, string, error) {
	return VirtualMemory{}, "", notImplemented("virtual_memory")
}
func (unsupportedSystem) swapMemory(FS) (SwapMemory, string, error) {
	return SwapMemory{}, "", notImplemented("swap_memory")
}

func (unsupportedSystem) diskPartitions(FS, bool) ([]DiskPartition, error) {
	return nil, notImplemented("disk_partitions")
}
func (unsupportedSystem) diskUsage(string) (total, availRoot, availUser uint64, err error) {
	return 0, 0, 0, notImplemented("disk_usage")
}
func (unsupportedSystem) diskIOCounters(FS, bool) (map[string][]uint64, error) {
	return nil, notImplemented("disk_io_counters")
}

func (unsupportedSystem) netIOCounters(FS) (map[string][]uint64, error) {
	return nil, notImplemented("net_io_counters")
}
func (unsupportedSystem) netIfAddrs(FS) ([]netRawAddr, error) {
	return nil, notImplemented("net_if_addrs")
}
func (unsupportedSystem) netIfStats(FS) (map[string]NetIfStats, error) {
	return nil, notImplemented("net_if_stats")
}
func (unsupportedSystem) netConnections(context.Context, FS, connTables) ([]Conn, error) {
	return nil, notImplemented("net_connections")
}
func (unsupportedSystem) pidConnections(FS, int, connTables) ([]ProcessConn, error) {
	return nil, notImplemented("Process.net_connections")
}

func (unsupportedSystem) sensorsTemperatures(FS) (map[string][]Temperature, error) {
	return nil, notImplemented("sensors_temperatures")
}
func (unsupportedSystem) sensorsFans(FS) (map[string][]Fan, error) {
	return nil, notImplemented("sensors_fans")
}
func (unsupportedSystem) sensorsBattery(FS) (*Battery, error) {
	return nil, notImplemented("sensors_battery")
}

func (unsupportedSystem) bootTime(FS) (float64, error) { return 0, notImplemented("boot_time") }
func (unsupportedSystem) users(FS) ([]User, error)     { return nil, notImplemented("users") }
