package platform

import (
	"slices"
	"strings"
)

// NetIOCounters is psutil.net_io_counters(): the counters of every NIC
// summed, nil when there are no NICs. With nowrap, counters that overflowed
// and restarted from zero keep growing from where they were (psutil's
// _WrapNumbers, issue #802).
func (s *System) NetIOCounters(nowrap bool) (*NetIOCounters, error) {
	raw, err := s.netRawIOCounters(nowrap)
	if err != nil {
		return nil, err
	}
	return wrapSum(raw, netIOFields, netIOFromSlice), nil
}

// PerNicIOCounters is psutil.net_io_counters(pernic=True): an empty map when
// there are no NICs.
func (s *System) PerNicIOCounters(nowrap bool) (map[string]NetIOCounters, error) {
	raw, err := s.netRawIOCounters(nowrap)
	if err != nil {
		return nil, err
	}
	return wrapPerName(raw, netIOFromSlice), nil
}

// NetIOCountersCacheClear is psutil's net_io_counters.cache_clear(): it
// forgets the counters nowrap remembers.
func (s *System) NetIOCountersCacheClear() { s.netWrap.reset() }

// netIOFields is the number of fields of NetIOCounters, in the order the
// backend returns them.
const netIOFields = 8

// netRawIOCounters returns psutil's raw dict: per NIC, the 8 fields in
// snetio order, corrected by the wrap state when asked.
func (s *System) netRawIOCounters(nowrap bool) (map[string][]uint64, error) {
	fsys, b := s.FS(), s.backend
	return s.netWrap.read(nowrap, func() (map[string][]uint64, error) { return b.netIOCounters(fsys) })
}

func netIOFromSlice(v []uint64) NetIOCounters {
	return NetIOCounters{
		BytesSent: v[0], BytesRecv: v[1], PacketsSent: v[2], PacketsRecv: v[3],
		Errin: v[4], Errout: v[5], Dropin: v[6], Dropout: v[7],
	}
}

// netRawAddr is one entry of getifaddrs as psutil's C code reports it
// (psutil/arch/posix/net.c): addr is nil only with AF_UNSPEC.
type netRawAddr struct {
	name                   string
	family                 AddressFamily
	addr, mask, bcast, ptp *string
}

// NetIfAddrs is psutil.net_if_addrs(): the addresses of every NIC. Each
// NIC's list holds its entries ordered by family (AF_UNSPEC, AF_INET,
// AF_INET6, then AF_LINK), and within a family in the order the kernel
// lists them. An IPv4 alias labelled "eth0:1" is listed under that label,
// as getifaddrs names it.
func (s *System) NetIfAddrs() (map[string][]NetIfAddr, error) {
	raw, err := s.backend.netIfAddrs(s.FS())
	if err != nil {
		return nil, err
	}
	return netIfAddrsFrom(raw), nil
}

// netIfAddrsFrom is what psutil's net_if_addrs does with the C code's list.
func netIfAddrsFrom(raw []netRawAddr) map[string][]NetIfAddr {
	// psutil sorts the whole list by family, stably.
	slices.SortStableFunc(raw, func(a, b netRawAddr) int { return int(a.family) - int(b.family) })
	ret := make(map[string][]NetIfAddr)
	for _, r := range raw {
		a := NetIfAddr{Family: r.family, Address: r.addr, Netmask: r.mask, Broadcast: r.bcast, Ptp: r.ptp}
		if a.Family == AF_LINK && a.Address != nil {
			// A short hardware address (4 bytes on an ipip tunnel) is padded
			// to six groups (psutil issue #786).
			mac := *a.Address
			for n := strings.Count(mac, linkSep); n < 5; n++ {
				mac += linkSep + "00"
			}
			a.Address = &mac
		}
		// A /32 has no broadcast address, though getifaddrs hands back the
		// address itself in the broadcast/peer union (psutil 8).
		if a.Family == AF_INET && a.Netmask != nil && *a.Netmask == "255.255.255.255" {
			a.Broadcast = nil
		}
		ret[r.name] = append(ret[r.name], a)
	}
	return ret
}

// NetIfStats is psutil.net_if_stats(): for every NIC of net_io_counters,
// whether it is up and running, its duplex, speed in Mbit/s (0 if
// unknown), MTU and flags. As in psutil, the NICs are those the procfs root
// lists, and their state is asked of the running kernel; a NIC it does not
// know (one that vanished meanwhile) is left out.
func (s *System) NetIfStats() (map[string]NetIfStats, error) {
	return s.backend.netIfStats(s.FS())
}
