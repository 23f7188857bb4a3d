//go:build linux

package netlink

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func readCapture(t *testing.T, name string) []byte {
	t.Helper()
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Skip("the dumps were captured on a little-endian machine")
	}
	b, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "net-netns", "netlink", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

type linkSummary struct {
	Name   string
	HasMAC bool
	Flags  uint32
	MTU    uint32
}

// The links of the captured namespace: lo, a veth pair named "eth0.100"
// and "abcdefghijklmno", a tun (no hardware address) and a bridge with two
// veth pairs.
func TestParseLinksCaptured(t *testing.T) {
	var got []linkSummary
	err := ParseLinks(readCapture(t, "link.bin"), func(l *Link) {
		got = append(got, linkSummary{string(l.Name), l.Address != nil, l.Flags, l.MTU})
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []linkSummary{
		{"lo", true, 0x10049, 65536},
		{"abcdefghijklmno", true, 0x11043, 1500},
		{"eth0.100", true, 0x11043, 1500},
		{"tun0", false, 0x1091, 1500},
		{"br0", true, 0x11043, 1500},
		{"vb0p", true, 0x11043, 1500},
		{"vb0", true, 0x11043, 1500},
		{"vb1p", true, 0x1102, 1500},
		{"vb1", true, 0x1003, 1500},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}

type addrSummary struct {
	Family, Prefix uint8
	Index          int32
	Address, Local string
	Label          string
}

func TestParseAddrsCaptured(t *testing.T) {
	names := map[int32]string{}
	ParseLinks(readCapture(t, "link.bin"), func(l *Link) { names[l.Index] = string(l.Name) })
	ip := func(b []byte) string {
		if b == nil {
			return "-"
		}
		var s []string
		for _, c := range b {
			s = append(s, string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15]))
		}
		return strings.Join(s, "")
	}
	got := map[string][]addrSummary{}
	err := ParseAddrs(readCapture(t, "addr.bin"), func(a *Addr) {
		n := names[a.Index]
		got[n] = append(got[n], addrSummary{a.Family, a.PrefixLen, a.Index, ip(a.Address), ip(a.Local), string(a.Label)})
	})
	if err != nil {
		t.Fatal(err)
	}
	v4 := uint8(syscall.AF_INET)
	v6 := uint8(syscall.AF_INET6)
	tun := got["tun0"]
	if len(tun) != 3 {
		t.Fatalf("tun0: %+v", tun)
	}
	// IPv4 sends the peer as IFA_ADDRESS and the local end as IFA_LOCAL;
	// IPv6 sends IFA_LOCAL only when there is a peer.
	idx := tun[0].Index
	for i, want := range []addrSummary{
		{v4, 32, idx, "0a080002", "0a080001", "tun0"},
		{v6, 128, idx, "fd000008000000000000000000000002", "fd000008000000000000000000000001", ""},
		{v6, 128, idx, "fe800000000000000000000000080002", "fe800000000000000000000000080001", ""},
	} {
		if tun[i] != want {
			t.Errorf("tun0 address %d: got %+v, want %+v", i, tun[i], want)
		}
	}
	var labels []string
	for _, a := range got["eth0.100"] {
		if a.Family == v4 {
			labels = append(labels, a.Label)
		}
	}
	// The kernel lists primary addresses first, then the secondary
	// 192.168.100.2 labelled as an alias.
	if want := []string{"eth0.100", "eth0.100", "eth0.100", "eth0.100:1"}; !slices.Equal(labels, want) {
		t.Errorf("eth0.100 IPv4 labels %q, want %q", labels, want)
	}
	lo := got["lo"]
	if len(lo) != 2 || lo[1].Family != v6 || lo[1].Local != "-" || lo[1].Address != "00000000000000000000000000000001" {
		t.Errorf("lo: %+v", lo)
	}
}

func msg(typ uint16, body []byte) []byte {
	b := make([]byte, 16, 16+len(body)+3)
	b = append(b, body...)
	binary.NativeEndian.PutUint32(b[0:], uint32(len(b)))
	binary.NativeEndian.PutUint16(b[4:], typ)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

func TestParseSkipsOtherMessages(t *testing.T) {
	link := make([]byte, syscall.SizeofIfInfomsg)
	binary.NativeEndian.PutUint32(link[4:], 7)
	b := append(msg(syscall.NLMSG_NOOP, []byte{1, 2, 3}), msg(syscall.RTM_NEWLINK, link)...)
	var n int
	var index int32
	if err := ParseLinks(b, func(l *Link) { n++; index = l.Index }); err != nil {
		t.Fatal(err)
	}
	if n != 1 || index != 7 {
		t.Errorf("got %d links (index %d), want the one of index 7", n, index)
	}
	if err := ParseAddrs(b, func(*Addr) { t.Error("no RTM_NEWADDR in the input") }); err != nil {
		t.Fatal(err)
	}
}

func TestParseMalformed(t *testing.T) {
	link := msg(syscall.RTM_NEWLINK, make([]byte, syscall.SizeofIfInfomsg))
	badLen := slices.Clone(link)
	binary.NativeEndian.PutUint32(badLen[0:], 200)
	tests := map[string][]byte{
		"shorter than a header":             link[:10],
		"length past the end":               badLen,
		"body shorter than ifinfomsg":       msg(syscall.RTM_NEWLINK, make([]byte, 8)),
		"attribute shorter than its header": append(slices.Clone(link[:16+syscall.SizeofIfInfomsg]), 2, 0, 3, 0),
	}
	for name, b := range tests {
		t.Run(name, func(t *testing.T) {
			if name == "attribute shorter than its header" {
				binary.NativeEndian.PutUint32(b[0:], uint32(len(b)))
			}
			if err := ParseLinks(b, func(*Link) {}); !errors.Is(err, ErrParse) {
				t.Errorf("err = %v, want ErrParse", err)
			}
		})
	}
	addr := msg(syscall.RTM_NEWADDR, make([]byte, 4))
	if err := ParseAddrs(addr, func(*Addr) {}); !errors.Is(err, ErrParse) {
		t.Errorf("short RTM_NEWADDR: err = %v, want ErrParse", err)
	}
}

// TestDumpLive dumps this machine's links and addresses and checks them
// against /proc/net/dev, which lists the same links.
func TestDumpLive(t *testing.T) {
	reqs := []Request{
		{Type: RTM_GETLINK, Family: syscall.AF_PACKET},
		{Type: RTM_GETADDR, Family: syscall.AF_UNSPEC},
	}
	if err := Dump(reqs); err != nil {
		t.Fatal(err)
	}
	var names []string
	if err := ParseLinks(reqs[0].Reply, func(l *Link) { names = append(names, string(l.Name)) }); err != nil {
		t.Fatal(err)
	}
	dev, err := os.ReadFile("/proc/net/dev")
	if err != nil {
		t.Fatal(err)
	}
	var devNames []string
	for _, line := range strings.Split(string(dev), "\n")[2:] {
		if i := strings.LastIndexByte(line, ':'); i > 0 {
			devNames = append(devNames, strings.TrimSpace(line[:i]))
		}
	}
	slices.Sort(names)
	slices.Sort(devNames)
	if !slices.Equal(names, devNames) {
		t.Errorf("links %q, /proc/net/dev %q", names, devNames)
	}
	var loopback bool
	err = ParseAddrs(reqs[1].Reply, func(a *Addr) {
		if a.Family == syscall.AF_INET && string(a.Local) == "\x7f\x00\x00\x01" && string(a.Label) == "lo" {
			loopback = true
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !loopback {
		t.Error("no 127.0.0.1 on lo in the address dump")
	}

	// A second round on reused buffers gives the same links.
	link := slices.Clone(reqs[0].Reply)
	if err := Dump(reqs); err != nil {
		t.Fatal(err)
	}
	var again []string
	ParseLinks(reqs[0].Reply, func(l *Link) { again = append(again, string(l.Name)) })
	slices.Sort(again)
	if !slices.Equal(again, names) || len(link) == 0 {
		t.Errorf("second dump: %q, first %q", again, names)
	}
}
