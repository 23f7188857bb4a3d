//go:build linux

package platform

import (
	"encoding/binary"
	"errors"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"unsafe"

	"github.com/psulua/psulua/platform/internal/inet"
	"github.com/psulua/psulua/platform/internal/netlink"
	"github.com/psulua/psulua/platform/internal/procfs"
)

// netBufs are the buffers one call reads into, pooled so that repeated
// calls do not allocate them again.
type netBufs struct {
	file []byte
	devs []procfs.NetDev
	link []byte
	addr []byte
}

var netBufPool = sync.Pool{New: func() any { return new(netBufs) }}

// netIOCounters is _pslinux.net_io_counters: /proc/net/dev as psutil's raw
// dict, each NIC's 8 fields in snetio order.
func (linuxSystem) netIOCounters(fs FS) (map[string][]uint64, error) {
	bufs := netBufPool.Get().(*netBufs)
	defer netBufPool.Put(bufs)
	devs, err := netReadDev(fs, bufs)
	if err != nil {
		return nil, err
	}
	ret := make(map[string][]uint64, len(devs))
	backing := make([]uint64, 8*len(devs))
	for i := range devs {
		d := &devs[i]
		v := backing[8*i : 8*i+8 : 8*i+8]
		v[0], v[1], v[2], v[3] = d.TxBytes, d.RxBytes, d.TxPackets, d.RxPackets
		v[4], v[5], v[6], v[7] = d.RxErrs, d.TxErrs, d.RxDrop, d.TxDrop
		ret[d.Name] = v
	}
	return ret, nil
}

func netReadDev(fs FS, bufs *netBufs) ([]procfs.NetDev, error) {
	b, err := procfs.ReadFileInto(fs.proc("net", "dev"), bufs.file)
	if err != nil {
		return nil, err
	}
	bufs.file = b
	bufs.devs, err = procfs.ParseNetDev(b, bufs.devs)
	return bufs.devs, err
}

// netIfAddrs is psutil's C net_if_addrs: what glibc's getifaddrs returns,
// read with the same two rtnetlink dumps getifaddrs makes. They ask the
// running kernel, whatever the roots.
func (linuxSystem) netIfAddrs(FS) ([]netRawAddr, error) {
	bufs := netBufPool.Get().(*netBufs)
	defer netBufPool.Put(bufs)
	reqs := [2]netlink.Request{
		{Type: netlink.RTM_GETLINK, Family: syscall.AF_PACKET, Reply: bufs.link},
		{Type: netlink.RTM_GETADDR, Family: syscall.AF_UNSPEC, Reply: bufs.addr},
	}
	for attempt := 1; ; attempt++ {
		if err := netlink.Dump(reqs[:]); err != nil {
			return nil, err
		}
		bufs.link, bufs.addr = reqs[0].Reply, reqs[1].Reply
		raw, complete, err := netIfAddrsFromDump(bufs.link, bufs.addr)
		// An address of a link created between the two dumps: getifaddrs
		// starts again (EAGAIN); we do a few times, then leave it out.
		if err != nil || complete || attempt == 3 {
			return raw, err
		}
	}
}

// IFF_* bits (linux/if.h).
const (
	netIFFBroadcast    = syscall.IFF_BROADCAST
	netIFFPointToPoint = syscall.IFF_POINTOPOINT
	netIFFRunning      = syscall.IFF_RUNNING
)

// netIfAddrsFromDump turns the replies of an RTM_GETLINK and an RTM_GETADDR
// dump into getifaddrs' list, as glibc builds it
// (sysdeps/unix/sysv/linux/ifaddrs.c) and psutil converts it:
//
//   - one entry per link first, in dump order: its hardware address as
//     AF_LINK (AF_UNSPEC with no address when the link has none), the
//     link's IFLA_BROADCAST as broadcast or peer;
//   - then one entry per address, in dump order, named by its IFA_LABEL
//     (IPv4 aliases such as "eth0:1") or else by its link. The address is
//     IFA_LOCAL if sent, else IFA_ADDRESS; the broadcast/peer union holds
//     IFA_BROADCAST if sent, else IFA_ADDRESS when it came with IFA_LOCAL
//     (the peer of a point-to-point address, or the address itself);
//   - an entry shows the union as broadcast if its link has IFF_BROADCAST,
//     else as ptp if the link has IFF_POINTOPOINT, else not at all;
//   - IPv6 link-local addresses get the "%ifname" zone getnameinfo adds.
//
// complete is false when an address names a link the link dump lacks.
func netIfAddrsFromDump(linkMsgs, addrMsgs []byte) (raw []netRawAddr, complete bool, err error) {
	type linkInfo struct {
		name  string
		flags uint32
	}
	links := make(map[int32]linkInfo)
	var strs netStrSlab
	err = netlink.ParseLinks(linkMsgs, func(l *netlink.Link) {
		name := string(l.Name)
		links[l.Index] = linkInfo{name, l.Flags}
		r := netRawAddr{name: name, family: AF_UNSPEC}
		if len(l.Address) > 0 {
			r.family = AF_LINK
			r.addr = strs.add(netHexAddr(l.Address))
			var union *string
			if len(l.Broadcast) > 0 {
				union = strs.add(netHexAddr(l.Broadcast))
			}
			r.bcast, r.ptp = netBroadcastOrPeer(l.Flags, union)
		}
		raw = append(raw, r)
	})
	if err != nil {
		return nil, false, err
	}
	complete = true
	err = netlink.ParseAddrs(addrMsgs, func(a *netlink.Addr) {
		link, ok := links[a.Index]
		if !ok {
			complete = false
			return
		}
		r := netRawAddr{name: link.name, family: AF_UNSPEC}
		if a.Label != nil {
			r.name = string(a.Label)
		}
		addr, union := a.Address, a.Broadcast
		if a.Local != nil {
			addr = a.Local
			if union == nil {
				union = a.Address
			}
		}
		if addr == nil || (a.Family != syscall.AF_INET && a.Family != syscall.AF_INET6) {
			// No address, or a family psutil cannot print: psutil 8 lists
			// the NIC with None values.
			raw = append(raw, r)
			return
		}
		r.family = AddressFamily(a.Family)
		r.addr = strs.add(netFormatIP(a.Family, addr, link.name))
		r.mask = strs.add(netFormatMask(a.Family, a.PrefixLen))
		var u *string
		if union != nil {
			u = strs.add(netFormatIP(a.Family, union, link.name))
		}
		r.bcast, r.ptp = netBroadcastOrPeer(link.flags, u)
		raw = append(raw, r)
	})
	if err != nil {
		return nil, false, err
	}
	return raw, complete, nil
}

// netBroadcastOrPeer reads getifaddrs' ifa_broadaddr/ifa_dstaddr union as
// psutil does: by the link's flags.
func netBroadcastOrPeer(flags uint32, union *string) (bcast, ptp *string) {
	switch {
	case flags&netIFFBroadcast != 0:
		return union, nil
	case flags&netIFFPointToPoint != 0:
		return nil, union
	}
	return nil, nil
}

// netStrSlab hands out *string from chunks, one allocation per 32 strings
// instead of one per pointer.
type netStrSlab struct{ chunk []string }

func (s *netStrSlab) add(v string) *string {
	if len(s.chunk) == cap(s.chunk) {
		s.chunk = make([]string, 0, 32)
	}
	s.chunk = append(s.chunk, v)
	return &s.chunk[len(s.chunk)-1]
}

// netHexAddr formats a hardware address as psutil does: lowercase hex
// bytes joined by colons.
func netHexAddr(b []byte) string {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, 3*len(b))
	for i, c := range b {
		if i > 0 {
			out = append(out, ':')
		}
		out = append(out, hex[c>>4], hex[c&15])
	}
	return string(out)
}

// netFormatIP formats an address attribute as getnameinfo(NI_NUMERICHOST)
// formats the sockaddr getifaddrs builds from it: an attribute of the wrong
// size leaves the sockaddr zeroed, and an IPv6 link-local (fe80::/10) or
// link-local multicast (ff02::/16 style) address carries its link's scope,
// printed as "%ifname".
func netFormatIP(family uint8, b []byte, ifname string) string {
	var buf [64]byte
	if family == syscall.AF_INET {
		var a [4]byte
		if len(b) == 4 {
			copy(a[:], b)
		}
		return string(inet.AppendIPv4(buf[:0], a))
	}
	var a [16]byte
	if len(b) == 16 {
		copy(a[:], b)
	}
	out := inet.AppendIPv6(buf[:0], a)
	linkLocal := a[0] == 0xfe && a[1]&0xc0 == 0x80
	mcLinkLocal := a[0] == 0xff && a[1]&0x0f == 0x02
	if (linkLocal || mcLinkLocal) && len(b) == 16 {
		out = append(out, '%')
		out = append(out, ifname...)
	}
	return string(out)
}

// netFormatMask is the netmask getifaddrs computes from the prefix length.
func netFormatMask(family uint8, prefix uint8) string {
	var buf [64]byte
	var m [16]byte
	n := 4
	if family == syscall.AF_INET6 {
		n = 16
	}
	p := int(min(prefix, uint8(8*n)))
	for i := 0; i < p/8; i++ {
		m[i] = 0xff
	}
	if p%8 != 0 {
		m[p/8] = 0xff << (8 - p%8)
	}
	if n == 4 {
		return string(inet.AppendIPv4(buf[:0], [4]byte(m[:4])))
	}
	return string(inet.AppendIPv6(buf[:0], m))
}

// netFlagNames are the IFF_* flags psutil names, in psutil's order, which
// on Linux is the order of their bits (linux/if.h).
var netFlagNames = [...]string{
	"up", "broadcast", "debug", "loopback", "pointopoint", "notrailers", "running", "noarp",
	"promisc", "allmulti", "master", "slave", "multicast", "portsel", "automedia", "dynamic",
}

// netFlagsString joins the names of the set flags with commas, as psutil
// does with the bits SIOCGIFFLAGS returns.
func netFlagsString(flags uint32) string {
	var b strings.Builder
	for i, name := range netFlagNames {
		if flags&(1<<i) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(name)
	}
	return b.String()
}

// netIfStats is _pslinux.net_if_stats: for each NIC of /proc/net/dev, the
// same three ioctls psutil makes. They ask the running kernel, not the
// sysfs root: /sys/class/net holds dev->flags, where the promiscuity a
// bridge or tcpdump takes shows as IFF_PROMISC/IFF_ALLMULTI and IFF_RUNNING
// is missing, and refuses speed and duplex for a NIC that is down, while
// psutil reports the flags SIOCGIFFLAGS computes and what ethtool answers.
func (linuxSystem) netIfStats(fs FS) (map[string]NetIfStats, error) {
	bufs := netBufPool.Get().(*netBufs)
	defer netBufPool.Put(bufs)
	devs, err := netReadDev(fs, bufs)
	if err != nil {
		return nil, err
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_DGRAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, &netSyscallError{"socket", "", err}
	}
	defer syscall.Close(fd)
	ret := make(map[string]NetIfStats, len(devs))
	for i := range devs {
		name := devs[i].Name
		st, err := netIfStat(fd, name)
		if err == syscall.ENODEV {
			continue // the NIC went away meanwhile (psutil issue #1279)
		}
		if err != nil {
			return nil, err
		}
		ret[name] = st
	}
	return ret, nil
}

// ioctl requests (linux/sockios.h) and the ethtool command psutil sends.
const (
	netSIOCGIFFLAGS = syscall.SIOCGIFFLAGS
	netSIOCGIFMTU   = syscall.SIOCGIFMTU
	netSIOCETHTOOL  = 0x8946
	netETHTOOLGSET  = 1
)

// netIfreq is struct ifreq: a name and a 24-byte union (on 64-bit, its
// largest member is struct ifmap).
type netIfreq struct {
	name [syscall.IFNAMSIZ]byte
	data [24]byte
}

// netIfreqPtr is struct ifreq with the union holding ifr_data.
type netIfreqPtr struct {
	name [syscall.IFNAMSIZ]byte
	data unsafe.Pointer
	_    [16]byte
}

func netIfStat(fd int, name string) (NetIfStats, error) {
	var req netIfreq
	copy(req.name[:syscall.IFNAMSIZ-1], name) // truncated as psutil's str_copy does
	if err := netIoctl(fd, netSIOCGIFMTU, unsafe.Pointer(&req)); err != nil {
		return NetIfStats{}, netIoctlError("ioctl(SIOCGIFMTU)", name, err)
	}
	mtu := int(int32(binary.NativeEndian.Uint32(req.data[:4])))
	if err := netIoctl(fd, netSIOCGIFFLAGS, unsafe.Pointer(&req)); err != nil {
		return NetIfStats{}, netIoctlError("ioctl(SIOCGIFFLAGS)", name, err)
	}
	flags := uint32(binary.NativeEndian.Uint16(req.data[:2])) // ifr_flags is a short
	var cmd [netEthtoolCmdSize]byte
	binary.NativeEndian.PutUint32(cmd[0:], netETHTOOLGSET)
	preq := netIfreqPtr{name: req.name, data: unsafe.Pointer(&cmd)}
	err := netIoctl(fd, netSIOCETHTOOL, unsafe.Pointer(&preq))
	runtime.KeepAlive(&cmd)
	duplex, speed, err := netEthtoolResult(cmd, err)
	if err != nil {
		return NetIfStats{}, netIoctlError("ioctl(SIOCETHTOOL)", name, err)
	}
	return NetIfStats{
		Isup:   flags&netIFFRunning != 0,
		Duplex: duplex,
		Speed:  speed,
		MTU:    mtu,
		Flags:  netFlagsString(flags),
	}, nil
}

func netIoctl(fd int, req uintptr, arg unsafe.Pointer) error {
	for {
		_, _, e := syscall.Syscall(syscall.SYS_IOCTL, uintptr(fd), req, uintptr(arg))
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return e
		}
		return nil
	}
}

// netEthtoolCmdSize is sizeof(struct ethtool_cmd) (linux/ethtool.h).
const netEthtoolCmdSize = 44

// netEthtoolResult reads the ETHTOOL_GSET answer as psutil does: speed is
// speed_hi<<16 | speed, 0 when SPEED_UNKNOWN or above INT_MAX; duplex 0 is
// half, 1 full, anything else unknown. A NIC without link settings
// (EOPNOTSUPP: loopback, most wireless drivers; EINVAL, psutil issue #797;
// EBUSY) has speed 0 and unknown duplex; other errors are returned.
func netEthtoolResult(cmd [netEthtoolCmdSize]byte, err error) (NicDuplex, int, error) {
	switch err {
	case nil:
	case syscall.EOPNOTSUPP, syscall.EINVAL, syscall.EBUSY:
		return NIC_DUPLEX_UNKNOWN, 0, nil
	default:
		return NIC_DUPLEX_UNKNOWN, 0, err
	}
	ne := binary.NativeEndian
	speed := uint32(ne.Uint16(cmd[28:]))<<16 | uint32(ne.Uint16(cmd[12:]))
	if speed > 1<<31-1 { // includes SPEED_UNKNOWN, (u32)-1
		speed = 0
	}
	duplex := NIC_DUPLEX_UNKNOWN
	switch cmd[14] {
	case 0: // DUPLEX_HALF
		duplex = NIC_DUPLEX_HALF
	case 1: // DUPLEX_FULL
		duplex = NIC_DUPLEX_FULL
	}
	return duplex, int(speed), nil
}

// netSyscallError names the failed call and NIC; errors.Is sees the errno.
type netSyscallError struct {
	call, nic string
	err       error
}

func (e *netSyscallError) Error() string {
	if e.nic == "" {
		return e.call + ": " + e.err.Error()
	}
	return e.call + " " + e.nic + ": " + e.err.Error()
}

func (e *netSyscallError) Unwrap() error { return e.err }

// netIoctlError keeps ENODEV bare so the caller can skip the NIC.
func netIoctlError(call, nic string, err error) error {
	if errors.Is(err, syscall.ENODEV) {
		return syscall.ENODEV
	}
	return &netSyscallError{call, nic, err}
}
