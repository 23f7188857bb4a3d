//go:build linux

package platform

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/psulua/psulua/platform/internal/procfs"
)

func TestNetIOCountersFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    map[string]NetIOCounters
	}{
		{"net-vm", map[string]NetIOCounters{
			"lo":   {BytesSent: 4625, BytesRecv: 4625, PacketsSent: 53, PacketsRecv: 53},
			"ifb0": {},
			"ifb1": {},
			"eth0": {BytesSent: 87484, BytesRecv: 21460919, PacketsSent: 712, PacketsRecv: 891},
		}},
		{"net-netns", map[string]NetIOCounters{
			"lo":              {},
			"abcdefghijklmno": {BytesSent: 576, BytesRecv: 676, PacketsSent: 6, PacketsRecv: 6},
			"eth0.100":        {BytesSent: 676, BytesRecv: 576, PacketsSent: 6, PacketsRecv: 6},
			"tun0":            {Dropout: 1},
			"br0":             {BytesSent: 414, BytesRecv: 432, PacketsSent: 5, PacketsRecv: 6},
			"vb0p":            {BytesSent: 516, BytesRecv: 840, PacketsSent: 6, PacketsRecv: 10},
			"vb0":             {BytesSent: 840, BytesRecv: 516, PacketsSent: 10, PacketsRecv: 6},
			"vb1p":            {},
			"vb1":             {},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			s := fixture(t, tt.fixture)
			got, err := s.PerNicIOCounters(true)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PerNicIOCounters:\n got  %+v\n want %+v", got, tt.want)
			}
			var sum NetIOCounters
			for _, c := range tt.want {
				sum.BytesSent += c.BytesSent
				sum.BytesRecv += c.BytesRecv
				sum.PacketsSent += c.PacketsSent
				sum.PacketsRecv += c.PacketsRecv
				sum.Errin += c.Errin
				sum.Errout += c.Errout
				sum.Dropin += c.Dropin
				sum.Dropout += c.Dropout
			}
			total, err := s.NetIOCounters(false)
			if err != nil || total == nil || *total != sum {
				t.Errorf("NetIOCounters = %+v, %v; want %+v", total, err, sum)
			}
		})
	}
}

func TestNetIOCountersNoNICs(t *testing.T) {
	s := fixture(t, "net-nonics")
	total, err := s.NetIOCounters(true)
	if err != nil || total != nil {
		t.Errorf("NetIOCounters = %+v, %v; want nil, nil (psutil returns None)", total, err)
	}
	per, err := s.PerNicIOCounters(true)
	if err != nil || per == nil || len(per) != 0 {
		t.Errorf("PerNicIOCounters = %#v, %v; want an empty map (psutil returns {})", per, err)
	}
}

func TestNetIOCountersMissingFile(t *testing.T) {
	s := New(FixtureFS(t.TempDir()))
	if _, err := s.NetIOCounters(true); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("NetIOCounters without /proc/net/dev: err = %v, want ENOENT", err)
	}
	if _, err := s.NetIfStats(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("NetIfStats without /proc/net/dev: err = %v, want ENOENT", err)
	}
}

// TestNetIOCountersNowrap follows a counter that restarts from zero: with
// nowrap it keeps growing from where it was, until cache_clear.
func TestNetIOCountersNowrap(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "proc", "net", "dev")
	if err := os.MkdirAll(filepath.Dir(dev), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(recv uint64) {
		t.Helper()
		line := "  eth0: " + strconv.FormatUint(recv, 10) + " 10 0 0 0 0 0 0 500 5 0 0 0 0 0 0\n"
		head := "Inter-|   Receive\n face |bytes\n"
		if err := os.WriteFile(dev, []byte(head+line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := New(FixtureFS(dir))
	recv := func(nowrap bool) uint64 {
		t.Helper()
		per, err := s.PerNicIOCounters(nowrap)
		if err != nil {
			t.Fatal(err)
		}
		total, err := s.NetIOCounters(nowrap)
		if err != nil || total.BytesRecv != per["eth0"].BytesRecv {
			t.Fatalf("NetIOCounters %+v, %v disagrees with PerNicIOCounters %+v", total, err, per)
		}
		return per["eth0"].BytesRecv
	}
	write(1000)
	if got := recv(true); got != 1000 {
		t.Fatalf("first sample %d, want 1000", got)
	}
	write(300) // wrapped
	if got := recv(true); got != 1300 {
		t.Errorf("after wrapping: nowrap gives %d, want 1000+300", got)
	}
	if got := recv(false); got != 300 {
		t.Errorf("after wrapping: raw gives %d, want 300", got)
	}
	write(400)
	if got := recv(true); got != 1400 {
		t.Errorf("growing after the wrap: %d, want 1400", got)
	}
	s.NetIOCountersCacheClear()
	if got := recv(true); got != 400 {
		t.Errorf("after cache_clear: %d, want 400", got)
	}
}

// TestNetIOCountersNowrapConcurrent reads growing counters from several
// goroutines at once: with nowrap none may come back above the largest
// value written. A caller that read before another but applied its sample
// after would make the counter look wrapped and add the old value for good.
func TestNetIOCountersNowrapConcurrent(t *testing.T) {
	dir := t.TempDir()
	dev := filepath.Join(dir, "proc", "net", "dev")
	if err := os.MkdirAll(filepath.Dir(dev), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(v uint64) {
		n := strconv.FormatUint(v, 10)
		data := "Inter-|   Receive\n face |bytes\n  eth0: " + n + " 10 0 0 0 0 0 0 " + n + " 5 0 0 0 0 0 0\n"
		tmp := dev + ".tmp"
		if err := os.WriteFile(tmp, []byte(data), 0o644); err != nil {
			t.Error(err)
		}
		if err := os.Rename(tmp, dev); err != nil { // readers see whole files
			t.Error(err)
		}
	}
	write(1)
	s := New(FixtureFS(dir))
	var written atomic.Uint64
	written.Store(1)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for v := uint64(2); ; v++ {
			select {
			case <-stop:
				return
			default:
			}
			write(v)
			written.Store(v)
		}
	})
	var bad atomic.Uint64
	for range 8 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				per, err := s.PerNicIOCounters(true)
				if err != nil {
					t.Error(err)
					return
				}
				// The file may be one ahead of written.
				if got := per["eth0"].BytesRecv; got > written.Load()+1 {
					bad.Store(got)
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	if v := bad.Load(); v != 0 {
		t.Errorf("nowrap counter reached %d, above the largest value written (%d)", v, written.Load())
	}
}

// netPyAddr is one snicaddr as the oracle prints it.
type netPyAddr struct {
	Family    int     `json:"family"`
	Address   *string `json:"address"`
	Netmask   *string `json:"netmask"`
	Broadcast *string `json:"broadcast"`
	Ptp       *string `json:"ptp"`
}

func (a netPyAddr) String() string {
	s := func(p *string) string {
		if p == nil {
			return "None"
		}
		return PyRepr(*p)
	}
	return "(" + AddressFamily(a.Family).Repr() + ", " + s(a.Address) + ", " + s(a.Netmask) + ", " +
		s(a.Broadcast) + ", " + s(a.Ptp) + ")"
}

func netPyAddrs(m map[string][]NetIfAddr) map[string][]netPyAddr {
	out := make(map[string][]netPyAddr, len(m))
	for name, addrs := range m {
		for _, a := range addrs {
			var addr *string
			if a.Family != AF_UNSPEC {
				addr = a.Address
			}
			out[name] = append(out[name], netPyAddr{int(a.Family), addr, a.Netmask, a.Broadcast, a.Ptp})
		}
	}
	return out
}

// netPsutil8Addrs turns psutil 5.9.4's net_if_addrs into what psutil 8
// returns for the same list: a /32 IPv4 address has no broadcast.
func netPsutil8Addrs(m map[string][]netPyAddr) {
	for _, addrs := range m {
		for i, a := range addrs {
			if a.Family == int(AF_INET) && a.Netmask != nil && *a.Netmask == "255.255.255.255" {
				addrs[i].Broadcast = nil
			}
		}
	}
}

func netDiffAddrs(t *testing.T, what string, got, want map[string][]netPyAddr) {
	t.Helper()
	if reflect.DeepEqual(got, want) {
		return
	}
	for _, n := range netKeys(netUnion(got, want)) {
		if !reflect.DeepEqual(got[n], want[n]) {
			t.Errorf("%s %q:\n got  %v\n want %v", what, n, got[n], want[n])
		}
	}
}

func netUnion[V any](a, b map[string]V) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}

func netReadDump(t *testing.T, fixture string) (link, addr []byte) {
	t.Helper()
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the dumps were captured on a little-endian machine")
	}
	dir := testdata(fixture, "netlink")
	link, err := os.ReadFile(filepath.Join(dir, "link.bin"))
	if err != nil {
		t.Fatal(err)
	}
	addr, err = os.ReadFile(filepath.Join(dir, "addr.bin"))
	if err != nil {
		t.Fatal(err)
	}
	return link, addr
}

func netAddrsFromDump(t *testing.T, link, addr []byte) map[string][]NetIfAddr {
	t.Helper()
	raw, complete, err := netIfAddrsFromDump(link, addr)
	if err != nil || !complete {
		t.Fatalf("netIfAddrsFromDump: complete %v, %v", complete, err)
	}
	return netIfAddrsFrom(raw)
}

func netStr(s string) *string { return &s }

// TestNetIfAddrsCaptured parses rtnetlink dumps captured with the
// psutil 5.9.4 answer on the same machine: this VM (lo, an ethernet NIC
// with IPv6, two ifb NICs that are down), and a network namespace with a
// veth pair named "eth0.100" and "abcdefghijklmno" (15 characters), IPv4
// aliases one labelled "eth0.100:1", a /32, a tun with IPv4 and IPv6
// peers, and a bridge with ports.
func TestNetIfAddrsCaptured(t *testing.T) {
	for _, name := range []string{"net-vm", "net-netns"} {
		t.Run(name, func(t *testing.T) {
			link, addr := netReadDump(t, name)
			got := netPyAddrs(netAddrsFromDump(t, link, addr))
			b, err := os.ReadFile(testdata(name, "netlink", "psutil_net_if_addrs.json"))
			if err != nil {
				t.Fatal(err)
			}
			var want map[string][]netPyAddr
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			netPsutil8Addrs(want)
			if name == "net-netns" {
				// psutil 8 lists the tun, which has no MAC, as AF_UNSPEC first.
				want["tun0"] = append([]netPyAddr{{Family: 0}}, want["tun0"]...)
			}
			netDiffAddrs(t, "psutil", got, want)
		})
	}
}

// TestNetIfAddrsCapturedCases spells out the namespace's odd cases.
func TestNetIfAddrsCapturedCases(t *testing.T) {
	link, addr := netReadDump(t, "net-netns")
	got := netAddrsFromDump(t, link, addr)
	bcast := netStr("192.168.100.255")
	mask24 := netStr("255.255.255.0")
	host32 := netStr("255.255.255.255")
	host128 := netStr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")
	mask64 := netStr("ffff:ffff:ffff:ffff::")
	tests := []struct {
		name string
		nic  string
		want []NetIfAddr
	}{
		{"alias listed under its label", "eth0.100:1", []NetIfAddr{
			{Family: AF_INET, Address: netStr("192.168.100.2"), Netmask: mask24, Broadcast: bcast},
		}},
		{"several IPv4 addresses; without brd the broadcast is the address; a /32 has none", "eth0.100", []NetIfAddr{
			{Family: AF_INET, Address: netStr("192.168.100.1"), Netmask: mask24, Broadcast: bcast},
			{Family: AF_INET, Address: netStr("172.16.0.1"), Netmask: netStr("255.255.0.0"), Broadcast: netStr("172.16.0.1")},
			{Family: AF_INET, Address: netStr("10.9.9.9"), Netmask: host32},
			{Family: AF_INET6, Address: netStr("2001:db8::1"), Netmask: mask64},
			{Family: AF_INET6, Address: netStr("fe80::1234%eth0.100"), Netmask: mask64},
			{Family: AF_INET6, Address: netStr("fe80::94c5:84ff:feae:c918%eth0.100"), Netmask: mask64},
			{Family: AF_LINK, Address: netStr("96:c5:84:ae:c9:18"), Broadcast: netStr("ff:ff:ff:ff:ff:ff")},
		}},
		{"point-to-point peers; no MAC", "tun0", []NetIfAddr{
			{Family: AF_UNSPEC},
			{Family: AF_INET, Address: netStr("10.8.0.1"), Netmask: host32, Ptp: netStr("10.8.0.2")},
			{Family: AF_INET6, Address: netStr("fd00:8::1"), Netmask: host128, Ptp: netStr("fd00:8::2")},
			{Family: AF_INET6, Address: netStr("fe80::8:1%tun0"), Netmask: host128, Ptp: netStr("fe80::8:2%tun0")},
		}},
		{"15-character name", "abcdefghijklmno", []NetIfAddr{
			{Family: AF_INET, Address: netStr("192.168.100.3"), Netmask: mask24, Broadcast: bcast},
			{Family: AF_INET6, Address: netStr("fd00:1::3"), Netmask: mask64},
			{Family: AF_INET6, Address: netStr("fe80::48f5:b1ff:feda:de9f%abcdefghijklmno"), Netmask: mask64},
			{Family: AF_LINK, Address: netStr("4a:f5:b1:da:de:9f"), Broadcast: netStr("ff:ff:ff:ff:ff:ff")},
		}},
		{"loopback: no broadcast", "lo", []NetIfAddr{
			{Family: AF_INET, Address: netStr("127.0.0.1"), Netmask: netStr("255.0.0.0")},
			{Family: AF_INET6, Address: netStr("::1"), Netmask: host128},
			{Family: AF_LINK, Address: netStr("00:00:00:00:00:00")},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(got[tt.nic], tt.want) {
				t.Errorf("%s:\n got  %v\n want %v", tt.nic, netPyAddrs(map[string][]NetIfAddr{"": got[tt.nic]})[""],
					netPyAddrs(map[string][]NetIfAddr{"": tt.want})[""])
			}
		})
	}
}

// Builders of rtnetlink messages in the host's byte order.

func netAttr(typ uint16, payload []byte) []byte {
	b := make([]byte, 4, (4+len(payload)+3)&^3)
	binary.NativeEndian.PutUint16(b[0:], uint16(4+len(payload)))
	binary.NativeEndian.PutUint16(b[2:], typ)
	b = append(b, payload...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func netMsg(typ uint16, body []byte, attrs ...[]byte) []byte {
	b := make([]byte, 16, 64)
	b = append(b, body...)
	for _, a := range attrs {
		b = append(b, a...)
	}
	binary.NativeEndian.PutUint32(b[0:], uint32(len(b)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	return b
}

func netLinkMsg(index int32, flags uint32, attrs ...[]byte) []byte {
	body := make([]byte, syscall.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(body[4:], uint32(index))
	binary.NativeEndian.PutUint32(body[8:], flags)
	return netMsg(syscall.RTM_NEWLINK, body, attrs...)
}

func netAddrMsg(family, prefix uint8, index int32, attrs ...[]byte) []byte {
	body := make([]byte, syscall.SizeofIfAddrmsg)
	body[0], body[1] = family, prefix
	binary.NativeEndian.PutUint32(body[4:], uint32(index))
	return netMsg(syscall.RTM_NEWADDR, body, attrs...)
}

func netName(s string) []byte { return append([]byte(s), 0) }

func TestNetIfAddrsBuilt(t *testing.T) {
	const (
		up  = syscall.IFF_UP | syscall.IFF_RUNNING
		ptp = up | syscall.IFF_POINTOPOINT | syscall.IFF_NOARP
		brd = up | syscall.IFF_BROADCAST | syscall.IFF_MULTICAST
		v4  = syscall.AF_INET
		v6  = syscall.AF_INET6
	)
	ib := make([]byte, 20)
	for i := range ib {
		ib[i] = byte(i)
	}
	ll := []byte{0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	mcll := []byte{0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}
	tests := []struct {
		name  string
		links [][]byte
		addrs [][]byte
		want  map[string][]NetIfAddr
	}{
		{
			name: "ipip tunnel: 4-byte hardware address padded, the remote end as peer",
			links: [][]byte{netLinkMsg(5, ptp, netAttr(syscall.IFLA_IFNAME, netName("tunl1")),
				netAttr(syscall.IFLA_ADDRESS, []byte{10, 0, 0, 1}), netAttr(syscall.IFLA_BROADCAST, []byte{10, 1, 1, 1}))},
			want: map[string][]NetIfAddr{"tunl1": {
				{Family: AF_LINK, Address: netStr("0a:00:00:01:00:00"), Ptp: netStr("0a:01:01:01")},
			}},
		},
		{
			name: "infiniband: 20-byte hardware address",
			links: [][]byte{netLinkMsg(3, brd, netAttr(syscall.IFLA_IFNAME, netName("ib0")),
				netAttr(syscall.IFLA_ADDRESS, ib))},
			want: map[string][]NetIfAddr{"ib0": {
				{Family: AF_LINK, Address: netStr("00:01:02:03:04:05:06:07:08:09:0a:0b:0c:0d:0e:0f:10:11:12:13")},
			}},
		},
		{
			name:  "link that is neither broadcast nor point-to-point",
			links: [][]byte{netLinkMsg(2, up, netAttr(syscall.IFLA_IFNAME, netName("x0")), netAttr(syscall.IFLA_ADDRESS, []byte{1, 2, 3, 4, 5, 6}), netAttr(syscall.IFLA_BROADCAST, []byte{6, 5, 4, 3, 2, 1}))},
			addrs: [][]byte{netAddrMsg(v4, 24, 2, netAttr(syscall.IFA_ADDRESS, []byte{10, 0, 0, 1}),
				netAttr(syscall.IFA_LOCAL, []byte{10, 0, 0, 1}), netAttr(syscall.IFA_BROADCAST, []byte{10, 0, 0, 255}))},
			want: map[string][]NetIfAddr{"x0": {
				{Family: AF_INET, Address: netStr("10.0.0.1"), Netmask: netStr("255.255.255.0")},
				{Family: AF_LINK, Address: netStr("01:02:03:04:05:06")},
			}},
		},
		{
			name:  "address without IFA_ADDRESS or IFA_LOCAL, and one of an unknown family",
			links: [][]byte{netLinkMsg(7, brd, netAttr(syscall.IFLA_IFNAME, netName("wg0")))},
			addrs: [][]byte{
				netAddrMsg(v4, 24, 7),
				netAddrMsg(12, 16, 7, netAttr(syscall.IFA_LOCAL, []byte{1, 2})), // AF_DECnet
			},
			want: map[string][]NetIfAddr{"wg0": {{Family: AF_UNSPEC}, {Family: AF_UNSPEC}, {Family: AF_UNSPEC}}},
		},
		{
			name:  "attributes of the wrong size leave the address zeroed; prefix above the maximum is clamped",
			links: [][]byte{netLinkMsg(2, brd, netAttr(syscall.IFLA_IFNAME, netName("e0")))},
			addrs: [][]byte{
				netAddrMsg(v4, 40, 2, netAttr(syscall.IFA_LOCAL, []byte{1, 2, 3})),
				netAddrMsg(v6, 200, 2, netAttr(syscall.IFA_ADDRESS, ll[:8])),
			},
			want: map[string][]NetIfAddr{"e0": {
				{Family: AF_UNSPEC},
				{Family: AF_INET, Address: netStr("0.0.0.0"), Netmask: netStr("255.255.255.255")},
				{Family: AF_INET6, Address: netStr("::"), Netmask: netStr("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")},
			}},
		},
		{
			name:  "link-local multicast carries the zone; a broadcast link shows the IPv6 peer as broadcast",
			links: [][]byte{netLinkMsg(9, brd, netAttr(syscall.IFLA_IFNAME, netName("abcdefghijklmno")), netAttr(syscall.IFLA_ADDRESS, []byte{2, 0, 0, 0, 0, 1}))},
			addrs: [][]byte{netAddrMsg(v6, 64, 9, netAttr(syscall.IFA_LOCAL, mcll), netAttr(syscall.IFA_ADDRESS, ll))},
			want: map[string][]NetIfAddr{"abcdefghijklmno": {
				{Family: AF_INET6, Address: netStr("ff02::1%abcdefghijklmno"), Netmask: netStr("ffff:ffff:ffff:ffff::"),
					Broadcast: netStr("fe80::1%abcdefghijklmno")},
				{Family: AF_LINK, Address: netStr("02:00:00:00:00:01")},
			}},
		},
		{
			name:  "zero prefix",
			links: [][]byte{netLinkMsg(2, up, netAttr(syscall.IFLA_IFNAME, netName("e0")))},
			addrs: [][]byte{netAddrMsg(v4, 0, 2, netAttr(syscall.IFA_LOCAL, []byte{192, 0, 2, 1}))},
			want: map[string][]NetIfAddr{"e0": {
				{Family: AF_UNSPEC},
				{Family: AF_INET, Address: netStr("192.0.2.1"), Netmask: netStr("0.0.0.0")},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var link, addr []byte
			for _, m := range tt.links {
				link = append(link, m...)
			}
			for _, m := range tt.addrs {
				addr = append(addr, m...)
			}
			got := netAddrsFromDump(t, link, addr)
			netDiffAddrs(t, "addresses", netPyAddrs(got), netPyAddrs(tt.want))
		})
	}
}

func TestNetIfAddrsUnknownLink(t *testing.T) {
	link := netLinkMsg(1, syscall.IFF_UP, netAttr(syscall.IFLA_IFNAME, netName("lo")))
	addr := append(
		netAddrMsg(syscall.AF_INET, 8, 1, netAttr(syscall.IFA_LOCAL, []byte{127, 0, 0, 1})),
		netAddrMsg(syscall.AF_INET, 24, 42, netAttr(syscall.IFA_LOCAL, []byte{10, 0, 0, 1}))...)
	raw, complete, err := netIfAddrsFromDump(link, addr)
	if err != nil {
		t.Fatal(err)
	}
	if complete {
		t.Error("an address of link 42, missing from the link dump: complete should be false")
	}
	if len(raw) != 2 || raw[1].addr == nil || *raw[1].addr != "127.0.0.1" {
		t.Errorf("want lo's entry and its address only, got %d entries", len(raw))
	}
}

func TestNetIfAddrsMalformed(t *testing.T) {
	good := netLinkMsg(1, 0, netAttr(syscall.IFLA_IFNAME, netName("lo")))
	for name, link := range map[string][]byte{
		"truncated message":      good[:len(good)-4],
		"attribute past the end": append(netLinkMsg(1, 0), 0xff, 0x00, 0x03, 0x00),
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := netIfAddrsFromDump(link, nil); err == nil {
				t.Error("want an error")
			}
		})
	}
}

func TestNetFormatMask(t *testing.T) {
	tests := []struct {
		family uint8
		prefix uint8
		want   string
	}{
		{syscall.AF_INET, 0, "0.0.0.0"},
		{syscall.AF_INET, 8, "255.0.0.0"},
		{syscall.AF_INET, 20, "255.255.240.0"},
		{syscall.AF_INET, 31, "255.255.255.254"},
		{syscall.AF_INET, 32, "255.255.255.255"},
		{syscall.AF_INET, 33, "255.255.255.255"},
		{syscall.AF_INET6, 0, "::"},
		{syscall.AF_INET6, 10, "ffc0::"},
		{syscall.AF_INET6, 64, "ffff:ffff:ffff:ffff::"},
		{syscall.AF_INET6, 127, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe"},
		{syscall.AF_INET6, 128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"},
	}
	for _, tt := range tests {
		if got := netFormatMask(tt.family, tt.prefix); got != tt.want {
			t.Errorf("family %d /%d: got %s, want %s", tt.family, tt.prefix, got, tt.want)
		}
	}
}

func TestNetFlagsString(t *testing.T) {
	tests := []struct {
		name  string
		flags uint32
		want  string
	}{
		{"loopback", 0x49, "up,loopback,running"},
		{"ethernet up", 0x1043, "up,broadcast,running,multicast"},
		{"ethernet down", 0x1002, "broadcast,multicast"},
		{"ifb down", 0x82, "broadcast,noarp"},
		{"tun up without carrier", 0x1091, "up,pointopoint,noarp,multicast"},
		{"promiscuous by request", 0x1143, "up,broadcast,running,promisc,multicast"},
		{"bonding master", 0x1443, "up,broadcast,running,master,multicast"},
		{"every flag", 0xffff, "up,broadcast,debug,loopback,pointopoint,notrailers,running,noarp," +
			"promisc,allmulti,master,slave,multicast,portsel,automedia,dynamic"},
		{"LOWER_UP and DORMANT are above psutil's 16 bits", 0x30000, ""},
	}
	for _, tt := range tests {
		if got := netFlagsString(tt.flags); got != tt.want {
			t.Errorf("%s (%#x): got %q, want %q", tt.name, tt.flags, got, tt.want)
		}
	}
}

func TestNetEthtoolResult(t *testing.T) {
	cmd := func(speed uint32, duplex byte) [netEthtoolCmdSize]byte {
		var c [netEthtoolCmdSize]byte
		binary.NativeEndian.PutUint32(c[0:], netETHTOOLGSET)
		binary.NativeEndian.PutUint16(c[12:], uint16(speed))
		binary.NativeEndian.PutUint16(c[28:], uint16(speed>>16))
		c[14] = duplex
		return c
	}
	tests := []struct {
		name       string
		cmd        [netEthtoolCmdSize]byte
		err        error
		wantDuplex NicDuplex
		wantSpeed  int
		wantErr    error
	}{
		{"ethernet 1000 full duplex", cmd(1000, 1), nil, NIC_DUPLEX_FULL, 1000, nil},
		{"ethernet 100 half duplex", cmd(100, 0), nil, NIC_DUPLEX_HALF, 100, nil},
		{"100G needs speed_hi", cmd(100000, 1), nil, NIC_DUPLEX_FULL, 100000, nil},
		{"NIC down: SPEED_UNKNOWN, DUPLEX_UNKNOWN", cmd(0xffffffff, 0xff), nil, NIC_DUPLEX_UNKNOWN, 0, nil},
		{"speed above INT_MAX", cmd(1<<31, 1), nil, NIC_DUPLEX_FULL, 0, nil},
		{"bridge: speed known, duplex unknown", cmd(10000, 0xff), nil, NIC_DUPLEX_UNKNOWN, 10000, nil},
		{"loopback: no link settings", cmd(0, 0), syscall.EOPNOTSUPP, NIC_DUPLEX_UNKNOWN, 0, nil},
		{"wireless: EINVAL (psutil #797)", cmd(0, 0), syscall.EINVAL, NIC_DUPLEX_UNKNOWN, 0, nil},
		{"busy driver", cmd(0, 0), syscall.EBUSY, NIC_DUPLEX_UNKNOWN, 0, nil},
		{"NIC gone", cmd(0, 0), syscall.ENODEV, NIC_DUPLEX_UNKNOWN, 0, syscall.ENODEV},
		{"other error", cmd(0, 0), syscall.EIO, NIC_DUPLEX_UNKNOWN, 0, syscall.EIO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, s, err := netEthtoolResult(tt.cmd, tt.err)
			if d != tt.wantDuplex || s != tt.wantSpeed || err != tt.wantErr {
				t.Errorf("got %v, %d, %v; want %v, %d, %v", d, s, err, tt.wantDuplex, tt.wantSpeed, tt.wantErr)
			}
		})
	}
}

// TestNetIfStatsVanishedNIC lists a NIC the kernel does not have: psutil
// skips it on ENODEV (issue #1279).
func TestNetIfStatsVanishedNIC(t *testing.T) {
	s := fixture(t, "net-gone")
	got, err := s.NetIfStats()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got["psulua-gone0"]; ok || len(got) != 1 {
		t.Fatalf("want only lo, got %+v", got)
	}
	lo := got["lo"]
	if !lo.Isup || lo.Flags != "up,loopback,running" || lo.Speed != 0 || lo.Duplex != NIC_DUPLEX_UNKNOWN {
		t.Errorf("lo = %+v", lo)
	}
}

func BenchmarkNetIOCounters(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NetIOCounters(true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPerNicIOCounters(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.PerNicIOCounters(true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNetIfAddrs(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NetIfAddrs(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNetIfStats(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.NetIfStats(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseNetDev(b *testing.B) {
	data, err := os.ReadFile(testdata("net-netns", "proc", "net", "dev"))
	if err != nil {
		b.Fatal(err)
	}
	var devs []procfs.NetDev
	b.ReportAllocs()
	for b.Loop() {
		if devs, err = procfs.ParseNetDev(data, devs); err != nil {
			b.Fatal(err)
		}
	}
}
