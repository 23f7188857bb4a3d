package platform

// DiskPartitions is psutil.disk_partitions(all).
func (s *System) DiskPartitions(all bool) ([]DiskPartition, error) {
	return nil, notImplemented("disk_partitions")
}

// DiskUsage is psutil.disk_usage(path).
func (s *System) DiskUsage(path string) (DiskUsage, error) {
	return DiskUsage{}, notImplemented("disk_usage")
}

// DiskIOCounters is psutil.disk_io_counters(): nil when there are no disks.
func (s *System) DiskIOCounters(nowrap bool) (*DiskIOCounters, error) {
	return nil, notImplemented("disk_io_counters")
}

// PerDiskIOCounters is psutil.disk_io_counters(perdisk=True).
func (s *System) PerDiskIOCounters(nowrap bool) (map[string]DiskIOCounters, error) {
	return nil, notImplemented("disk_io_counters")
}
