package procfs

import "encoding/binary"

// NetIPSocket is one socket of /proc/net/tcp, tcp6, udp or udp6
// (net/ipv4/tcp_ipv4.c tcp4_seq_show, net/ipv4/udp.c udp4_format_sock).
type NetIPSocket struct {
	LocalIP    [16]byte // network byte order; an IPv4 address fills the first 4 bytes
	LocalPort  uint16
	RemoteIP   [16]byte
	RemotePort uint16
	IPv6       bool   // the addresses are 16 bytes wide (tcp6, udp6)
	State      uint8  // include/net/tcp_states.h: 1 TCP_ESTABLISHED .. 10 TCP_LISTEN, 11 TCP_CLOSING; UDP uses 7 (unconnected) and 1 (connected)
	UID        uint32 // owner of the socket
	Inode      uint64 // socket inode, "socket:[N]" in /proc/<pid>/fd; 0 for TIME_WAIT and SYN_RECV entries, which no file holds
}

// ParseNetIP appends to dst[:0] the sockets listed in the contents of
// /proc/net/tcp, tcp6, udp or udp6. The first line is the header.
func ParseNetIP(data []byte, dst []NetIPSocket) ([]NetIPSocket, error) {
	dst = dst[:0]
	_, data = NextLine(data)
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		s, ok := parseNetIPLine(line)
		if !ok {
			if len(skipBlanks(line)) == 0 {
				continue
			}
			return dst, parseError("/proc/net/{tcp,udp}", string(line))
		}
		dst = append(dst, s)
	}
	return dst, nil
}

// parseNetIPLine reads "   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000
// 00:00000000 00000000   113        0 23456 ...": slot, local and remote
// address, state, queues, timer, retransmits, uid, timeout, inode.
func parseNetIPLine(line []byte) (s NetIPSocket, ok bool) {
	var f [10][]byte
	rest := line
	for i := range f {
		f[i], rest = NextField(rest)
		if f[i] == nil {
			return s, false
		}
	}
	var ok1, ok2 bool
	var n1, n2 int
	n1, s.LocalPort, ok1 = parseNetIPAddr(f[1], &s.LocalIP)
	n2, s.RemotePort, ok2 = parseNetIPAddr(f[2], &s.RemoteIP)
	if !ok1 || !ok2 || n1 != n2 {
		return s, false
	}
	s.IPv6 = n1 == 16
	state, ok := connParseHex(f[3])
	if !ok || state > 0xff {
		return s, false
	}
	s.State = uint8(state)
	uid, ok := ParseUint(f[7])
	if !ok || uid > 1<<32-1 {
		return s, false
	}
	s.UID = uint32(uid)
	if s.Inode, ok = ParseUint(f[9]); !ok {
		return s, false
	}
	return s, true
}

// parseNetIPAddr reads "0100007F:0CEA" into ip and returns the address width
// (4 or 16) and the port. The kernel prints each 32-bit word of the address
// as a number in host byte order (%08X of the __be32 read as an integer), so
// on a little-endian machine 127.0.0.1 reads 0100007F; writing each word back
// in native order restores the network-order bytes (psutil issue #201).
func parseNetIPAddr(b []byte, ip *[16]byte) (width int, port uint16, ok bool) {
	colon := -1
	for i, c := range b {
		if c == ':' {
			colon = i
			break
		}
	}
	if colon != 8 && colon != 32 {
		return 0, 0, false
	}
	for w := 0; w < colon/8; w++ {
		v, ok := connParseHex(b[w*8 : w*8+8])
		if !ok {
			return 0, 0, false
		}
		binary.NativeEndian.PutUint32(ip[w*4:], uint32(v))
	}
	p, ok := connParseHex(b[colon+1:])
	if !ok || p > 0xffff {
		return 0, 0, false
	}
	return colon / 2, uint16(p), true
}

// connParseHex parses up to 16 hex digits, either case.
func connParseHex(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 16 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		n = n<<4 | uint64(c)
	}
	return n, true
}
