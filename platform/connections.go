package platform

import (
	"context"
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
	b.WriteString(PyReprCut(e.Kind))
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
// On Linux the tables are psutil's /proc/net files, except that on the live
// machine ([FS.Live]) the two TCP tables, when both are wanted, come from
// one netlink sock_diag dump: the same sockets, for one walk of the
// kernel's TCP hash instead of two.
func (s *System) NetConnections(kind string) ([]Conn, error) {
	return s.NetConnectionsContext(context.Background(), kind)
}

// NetConnectionsContext is [System.NetConnections] that stops, returning
// ctx.Err(), once ctx is done: finding the owners reads the file
// descriptors of every process.
func (s *System) NetConnectionsContext(ctx context.Context, kind string) ([]Conn, error) {
	tables, err := connCheckKind(kind)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return s.backend.netConnections(ctx, s.FS(), tables)
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
	return s.backend.pidConnections(s.FS(), pid, tables)
}
