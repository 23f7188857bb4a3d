package procfs

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"testing"
)

// Lines captured from a little-endian machine (x86-64): on a big-endian one
// the kernel prints each address word the other way round, and so does
// hostIP.
const (
	tcpHeader  = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode                                                     \n"
	tcp6Header = "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
	udpHeader  = "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops            \n"
)

// hostIP is the address the parser must return for a literal captured on a
// little-endian machine.
func hostIP(s string) [16]byte {
	a := netip.MustParseAddr(s)
	var ip [16]byte
	if a.Is4() {
		b := a.As4()
		copy(ip[:], b[:])
	} else {
		ip = a.As16()
	}
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 { // big-endian
		for w := 0; w < 16; w += 4 {
			ip[w], ip[w+1], ip[w+2], ip[w+3] = ip[w+3], ip[w+2], ip[w+1], ip[w]
		}
	}
	return ip
}

func TestParseNetIP(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []NetIPSocket
	}{
		{"empty table", tcp6Header, nil},
		{"IPv4 listener on all addresses", tcpHeader +
			"   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1060 1 00000000dadd0373 100 0 0 10 0                      \n",
			[]NetIPSocket{{LocalIP: hostIP("0.0.0.0"), LocalPort: 2024, RemoteIP: hostIP("0.0.0.0"), State: 10, Inode: 1060}}},
		{"IPv4 established and time-wait", tcpHeader +
			"   3: 0100007F:C9F8 0100007F:AF3F 01 00000000:00000000 00:00000000 00000000  1000        0 30290 2 00000000da8c5492 20 0 0 10 -1                     \n" +
			"   5: 0100007F:E3B8 0100007F:B58F 06 00000000:00000000 03:0000170D 00000000     0        0 0 3 00000000c2aa72c1                                      \n" +
			"   1: 020200C0:BBD2 507100CB:01BB 06 00000000:00000000 03:000006A8 00000000     0        0 0 3 000000009d4db855                                      \n",
			[]NetIPSocket{
				{LocalIP: hostIP("127.0.0.1"), LocalPort: 51704, RemoteIP: hostIP("127.0.0.1"), RemotePort: 44863, State: 1, UID: 1000, Inode: 30290},
				{LocalIP: hostIP("127.0.0.1"), LocalPort: 58296, RemoteIP: hostIP("127.0.0.1"), RemotePort: 46479, State: 6},
				{LocalIP: hostIP("192.0.2.2"), LocalPort: 48082, RemoteIP: hostIP("203.0.113.80"), RemotePort: 443, State: 6},
			}},
		{"IPv6 loopback", tcp6Header +
			"   0: 00000000000000000000000001000000:D1B9 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 30292 1 00000000a84c63f7 100 0 0 10 0\n" +
			"   2: 00000000000000000000000001000000:D1B9 00000000000000000000000001000000:E662 01 00000000:00000000 00:00000000 00000000     0        0 30294 1 00000000c197c9c6 20 0 0 10 -1\n",
			[]NetIPSocket{
				{LocalIP: hostIP("::1"), LocalPort: 53689, RemoteIP: hostIP("::"), IPv6: true, State: 10, Inode: 30292},
				{LocalIP: hostIP("::1"), LocalPort: 53689, RemoteIP: hostIP("::1"), RemotePort: 58978, IPv6: true, State: 1, Inode: 30294},
			}},
		{"IPv4-mapped IPv6", tcp6Header +
			"   3: 0000000000000000FFFF00000100007F:A041 0000000000000000FFFF00000100007F:9EF6 01 00000000:00000000 00:00000000 00000000     0        0 30297 1 00000000dfbebfbc 20 0 0 10 -1\n",
			[]NetIPSocket{{LocalIP: hostIP("::ffff:127.0.0.1"), LocalPort: 41025, RemoteIP: hostIP("::ffff:127.0.0.1"), RemotePort: 40694, IPv6: true, State: 1, Inode: 30297}}},
		{"IPv6 global address", tcp6Header +
			"   0: B80D0120000000000000000001000000:0016 B80D0120000000000000000002000000:C350 01 00000000:00000000 02:00097B5A 00000000     0        0 8421 4 0000000000000000 20 4 31 10 -1\n",
			[]NetIPSocket{{LocalIP: hostIP("2001:db8::1"), LocalPort: 22, RemoteIP: hostIP("2001:db8::2"), RemotePort: 50000, IPv6: true, State: 1, Inode: 8421}}},
		{"UDP connected and not, lower-case hex", udpHeader +
			"11603: 0100007F:DE2D 0100007F:dec4 01 00000000:00000000 00:00000000 00000000     0        0 30299 2 00000000333bce9a 0         \n" +
			"11754: 0100007F:DEC4 00000000:0000 07 00000000:00000000 00:00000000 00000000   104        0 30298 2 0000000069cf6cda 0         \n",
			[]NetIPSocket{
				{LocalIP: hostIP("127.0.0.1"), LocalPort: 56877, RemoteIP: hostIP("127.0.0.1"), RemotePort: 57028, State: 1, Inode: 30299},
				{LocalIP: hostIP("127.0.0.1"), LocalPort: 57028, RemoteIP: hostIP("0.0.0.0"), State: 7, UID: 104, Inode: 30298},
			}},
		{"no trailing newline", udpHeader +
			"11754: 0100007F:DEC4 00000000:0000 07 00000000:00000000 00:00000000 00000000   104        0 30298 2 0000000069cf6cda 0",
			[]NetIPSocket{{LocalIP: hostIP("127.0.0.1"), LocalPort: 57028, RemoteIP: hostIP("0.0.0.0"), State: 7, UID: 104, Inode: 30298}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNetIP([]byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sockets %+v, want %d", len(got), got, len(tt.want))
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Errorf("socket %d:\n got %+v\nwant %+v", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func TestParseNetIPMalformed(t *testing.T) {
	for name, line := range map[string]string{
		"too few fields":    "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0\n",
		"bad address":       "   0: 0100007G:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n",
		"mixed widths":      "   0: 0100007F:0CEA 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n",
		"port out of range": "   0: 0100007F:10000 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n",
		"bad inode":         "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 x 1\n",
	} {
		if _, err := ParseNetIP([]byte(tcpHeader+line), nil); !errors.Is(err, ErrFileParse) {
			t.Errorf("%s: err = %v, want ErrFileParse", name, err)
		}
	}
}
