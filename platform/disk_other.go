//go:build !linux

package platform

func diskPartitions(fsys FS, all bool) ([]DiskPartition, error) {
	return nil, notImplemented("disk_partitions")
}

func diskStatfs(path string) (total, availRoot, availUser uint64, err error) {
	return 0, 0, 0, notImplemented("disk_usage")
}

func diskIOCounters(fsys FS, perdisk bool) (map[string][]uint64, error) {
	return nil, notImplemented("disk_io_counters")
}
