package platform

import (
	"strconv"
	"strings"
)

// The status of a connection: psutil's ConnectionStatus (CONN_*) values.
// TCP sockets report the kernel's TCP state; UDP and UNIX sockets CONN_NONE.
const (
	CONN_ESTABLISHED = "ESTABLISHED"
	CONN_SYN_SENT    = "SYN_SENT"
	CONN_SYN_RECV    = "SYN_RECV"
	CONN_FIN_WAIT1   = "FIN_WAIT1"
	CONN_FIN_WAIT2   = "FIN_WAIT2"
	CONN_TIME_WAIT   = "TIME_WAIT"
	CONN_CLOSE       = "CLOSE"
	CONN_CLOSE_WAIT  = "CLOSE_WAIT"
	CONN_LAST_ACK    = "LAST_ACK"
	CONN_LISTEN      = "LISTEN"
	CONN_CLOSING     = "CLOSING"
	CONN_NONE        = "NONE"
)

// The socket tables a kind selects.
type connTables uint8

const (
	connTCP4 connTables = 1 << iota
	connTCP6
	connUDP4
	connUDP6
	connUNIX
)

// connKinds is psutil's conn_tmap, in its order (the order of the
// ValueError message).
var connKinds = [...]struct {
	name   string
	tables connTables
}{
	{"all", connTCP4 | connTCP6 | connUDP4 | connUDP6 | connUNIX},
	{"tcp", connTCP4 | connTCP6},
	{"tcp4", connTCP4},
	{"udp", connUDP4 | connUDP6},
	{"udp4", connUDP4},
	{"inet", connTCP4 | connTCP6 | connUDP4 | connUDP6},
	{"inet4", connTCP4 | connUDP4},
	{"inet6", connTCP6 | connUDP6},
	{"tcp6", connTCP6},
	{"udp6", connUDP6},
	{"unix", connUNIX},
}

// ConnKinds returns the valid kind arguments of [System.NetConnections], in
// psutil's order.
func ConnKinds() []string {
	names := make([]string, len(connKinds))
	for i, k := range connKinds {
		names[i] = k.name
	}
	return names
}

// ConnKindError is psutil's ValueError for a kind argument it does not know.
type ConnKindError struct {
	Kind string
}

func (e *ConnKindError) Error() string {
	var b strings.Builder
	b.WriteString("invalid kind argument ")
	b.WriteString(PyRepr(e.Kind))
	b.WriteString("; valid ones are: (")
	for i, k := range connKinds {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(PyRepr(k.name))
	}
	b.WriteByte(')')
	return b.String()
}

// connCheckKind returns the tables kind selects, or a *ConnKindError.
func connCheckKind(kind string) (connTables, error) {
	for _, k := range connKinds {
		if k.name == kind {
			return k.tables, nil
		}
	}
	return 0, &ConnKindError{Kind: kind}
}

// NetConnections is psutil.net_connections(kind): the system-wide sockets of
// the given kind ("inet", "inet4", "inet6", "tcp", "tcp4", "tcp6", "udp",
// "udp4", "udp6", "unix" or "all"); an unknown kind is a *[ConnKindError].
//
// Each socket's owner is found by scanning every process's file
// descriptors; when a process cannot be read (another user's, without root)
// its sockets have Pid nil and Fd -1, as in psutil. psutil returns a set, in
// no particular order; this list comes in the kernel's table order (tcp,
// tcp6, udp, udp6, unix), without the duplicates a set would drop.
//
// One deliberate difference: a UNIX socket path holding whitespace is
// reported as it is, where psutil (splitting the line on whitespace) gives "";
// likewise a path holding a newline is whole, where psutil keeps its first
// line.
//
// The tables are psutil's /proc/net files, except that on the live machine
// (procfs root "/proc") the two TCP tables, when both are wanted, come from
// one netlink sock_diag dump: the same sockets, for one walk of the
// kernel's TCP hash instead of two.
func (s *System) NetConnections(kind string) ([]Conn, error) {
	tables, err := connCheckKind(kind)
	if err != nil {
		return nil, err
	}
	return connectionsAll(s.FS(), tables)
}

// connectionsOfPid is the backend of Process.net_connections(kind): the
// sockets that the file descriptors of pid refer to, from the tables of the
// current network namespace, as psutil reads them. Errors opening
// /proc/<pid>/fd or reading a link keep their errno (ENOENT, ESRCH, EACCES,
// EPERM) for the caller to turn into NoSuchProcess or AccessDenied; psutil
// then checks that the process is still alive (os.stat of /proc/<pid>).
func (s *System) connectionsOfPid(pid int, kind string) ([]ProcessConn, error) {
	tables, err := connCheckKind(kind)
	if err != nil {
		return nil, err
	}
	return connectionsPid(s.FS(), pid, tables)
}

// connStatuses maps the kernel's TCP states (include/net/tcp_states.h) to
// psutil's TCP_STATUSES.
var connStatuses = [...]string{
	1:  CONN_ESTABLISHED,
	2:  CONN_SYN_SENT,
	3:  CONN_SYN_RECV,
	4:  CONN_FIN_WAIT1,
	5:  CONN_FIN_WAIT2,
	6:  CONN_TIME_WAIT,
	7:  CONN_CLOSE,
	8:  CONN_CLOSE_WAIT,
	9:  CONN_LAST_ACK,
	10: CONN_LISTEN,
	11: CONN_CLOSING,
}

// connStatus is the status psutil gives a socket of the given type in the
// given kernel state. psutil would fail on a TCP state it does not know; we
// answer CONN_NONE, as its BSD backends do.
func connStatus(typ SocketType, state uint8) string {
	if typ == SOCK_STREAM && int(state) < len(connStatuses) && connStatuses[state] != "" {
		return connStatuses[state]
	}
	return CONN_NONE
}

// connInetAddr is psutil's decode_address: no address when the port is 0.
func connInetAddr(ip *[16]byte, port uint16, v6 bool) ConnAddr {
	if port == 0 {
		return ConnAddr{}
	}
	if v6 {
		return ConnAddr{IP: connFormatIPv6(ip), Port: int(port)}
	}
	return ConnAddr{IP: connFormatIPv4(ip[:4]), Port: int(port)}
}

// connFormatIPv4 is inet_ntop(AF_INET).
func connFormatIPv4(ip []byte) string {
	switch {
	case ip[0] == 127 && ip[1] == 0 && ip[2] == 0 && ip[3] == 1:
		return "127.0.0.1"
	case ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] == 0:
		return "0.0.0.0"
	}
	var b [15]byte
	return string(connAppendIPv4(b[:0], ip))
}

func connAppendIPv4(b, ip []byte) []byte {
	for i := 0; i < 4; i++ {
		if i > 0 {
			b = append(b, '.')
		}
		b = strconv.AppendUint(b, uint64(ip[i]), 10)
	}
	return b
}

// connFormatIPv6 is glibc's inet_ntop(AF_INET6), which psutil calls: the
// longest run of two or more zero groups (the first of equal runs) becomes
// "::", and an IPv4-mapped (::ffff:a.b.c.d) or IPv4-compatible (::a.b.c.d,
// first 96 bits zero, not :: or ::1-like) address ends in dotted form. Go's
// net/netip prints the latter in hex, hence our own.
func connFormatIPv6(ip *[16]byte) string {
	var w [8]uint16
	zero := true
	for i := range w {
		w[i] = uint16(ip[2*i])<<8 | uint16(ip[2*i+1])
		if w[i] != 0 {
			zero = false
		}
	}
	if zero {
		return "::"
	}
	if w == [8]uint16{7: 1} {
		return "::1"
	}
	best, bestLen, cur, curLen := -1, 0, -1, 0
	for i := 0; i <= 8; i++ {
		if i < 8 && w[i] == 0 {
			if cur < 0 {
				cur, curLen = i, 0
			}
			curLen++
			continue
		}
		if cur >= 0 && curLen > bestLen {
			best, bestLen = cur, curLen
		}
		cur = -1
	}
	if bestLen < 2 {
		best = -1
	}
	var buf [46]byte
	b := buf[:0]
	for i := 0; i < 8; i++ {
		if best >= 0 && i >= best && i < best+bestLen {
			if i == best {
				b = append(b, ':')
			}
			continue
		}
		if i != 0 {
			b = append(b, ':')
		}
		if i == 6 && best == 0 && (bestLen == 6 || bestLen == 5 && w[5] == 0xffff) {
			b = connAppendIPv4(b, ip[12:])
			break
		}
		b = strconv.AppendUint(b, uint64(w[i]), 16)
	}
	if best >= 0 && best+bestLen == 8 {
		b = append(b, ':')
	}
	return string(b)
}
