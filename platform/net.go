package platform

// NetIOCounters is psutil.net_io_counters(): nil when there are no NICs.
func (s *System) NetIOCounters(nowrap bool) (*NetIOCounters, error) {
	return nil, notImplemented("net_io_counters")
}

// PerNicIOCounters is psutil.net_io_counters(pernic=True).
func (s *System) PerNicIOCounters(nowrap bool) (map[string]NetIOCounters, error) {
	return nil, notImplemented("net_io_counters")
}

// NetIfAddrs is psutil.net_if_addrs().
func (s *System) NetIfAddrs() (map[string][]NetIfAddr, error) {
	return nil, notImplemented("net_if_addrs")
}

// NetIfStats is psutil.net_if_stats().
func (s *System) NetIfStats() (map[string]NetIfStats, error) {
	return nil, notImplemented("net_if_stats")
}
