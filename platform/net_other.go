//go:build !linux

package platform

func netIOCounters(fs FS) (map[string][]uint64, error) {
	return nil, notImplemented("net_io_counters")
}

func netIfAddrs() ([]netRawAddr, error) {
	return nil, notImplemented("net_if_addrs")
}

func netIfStats(fs FS) (map[string]NetIfStats, error) {
	return nil, notImplemented("net_if_stats")
}
