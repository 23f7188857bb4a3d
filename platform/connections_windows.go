package platform

import (
	"context"
	"github.com/psulua/psulua/platform/internal/winapi"
	"golang.org/x/sys/windows"
)

// winTCPStates maps MIB_TCP_STATE (1 to 12) to psutil's CONN_* names.
var winTCPStates = [...]string{
	1: CONN_CLOSE, 2: CONN_LISTEN, 3: CONN_SYN_SENT, 4: CONN_SYN_RECV, 5: CONN_ESTABLISHED,
	6: CONN_FIN_WAIT1, 7: CONN_FIN_WAIT2, 8: CONN_CLOSE_WAIT, 9: CONN_CLOSING, 10: CONN_LAST_ACK,
	11: CONN_TIME_WAIT, 12: CONN_DELETE_TCB,
}

func winTCPState(s uint32) string {
	if int(s) < len(winTCPStates) && winTCPStates[s] != "" {
		return winTCPStates[s]
	}
	return CONN_NONE
}

// winSockets reads the tables tables selects, each row with its owner's
// pid: GetExtendedTcpTable and GetExtendedUdpTable, as psutil does.
// Windows has no UNIX sockets table; fd is always -1.
func winSockets(tables connTables, pid int) ([]Conn, error) {
	type src struct {
		t     connTables
		fam   AddressFamily
		typ   SocketType
		read  func(uint32) ([]byte, error)
		parse func([]byte) ([]winapi.Socket, error)
		af    uint32
	}
	srcs := []src{
		{connTCP4, AF_INET, SOCK_STREAM, winapi.ExtendedTCPTable, winapi.ParseTCP4, windows.AF_INET},
		{connTCP6, AF_INET6, SOCK_STREAM, winapi.ExtendedTCPTable, winapi.ParseTCP6, windows.AF_INET6},
		{connUDP4, AF_INET, SOCK_DGRAM, winapi.ExtendedUDPTable, winapi.ParseUDP4, windows.AF_INET},
		{connUDP6, AF_INET6, SOCK_DGRAM, winapi.ExtendedUDPTable, winapi.ParseUDP6, windows.AF_INET6},
	}
	out := []Conn{}
	for _, s := range srcs {
		if tables&s.t == 0 {
			continue
		}
		buf, err := s.read(s.af)
		if err != nil {
			return nil, err
		}
		rows, err := s.parse(buf)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if pid >= 0 && r.Pid != pid {
				continue
			}
			out = append(out, winConn(s.fam, s.typ, r))
		}
	}
	return out, nil
}

// winConn is psutil's conn_to_ntuple for one row: UDP sockets have no
// remote address and status CONN_NONE.
func winConn(fam AddressFamily, typ SocketType, r winapi.Socket) Conn {
	c := Conn{Fd: -1, Family: fam, Type: typ, Status: CONN_NONE}
	if r.LocalPort != 0 || !r.LocalAddr.IsUnspecified() {
		c.Laddr = ConnAddr{IP: r.LocalAddr.String(), Port: r.LocalPort}
	}
	if typ == SOCK_STREAM {
		c.Status = winTCPState(r.State)
		if r.RemoteAddr.IsValid() && r.RemotePort != 0 {
			c.Raddr = ConnAddr{IP: r.RemoteAddr.String(), Port: r.RemotePort}
		}
	}
	pid := r.Pid
	c.Pid = &pid
	return c
}

// (One call of the IP helper API: nothing to stop midway.)
func (windowsSystem) netConnections(_ context.Context, _ FS, tables connTables) ([]Conn, error) {
	return winSockets(tables, -1)
}

func (windowsSystem) pidConnections(_ FS, pid int, tables connTables) ([]ProcessConn, error) {
	conns, err := winSockets(tables, pid)
	if err != nil {
		return nil, err
	}
	out := make([]ProcessConn, len(conns))
	for i, c := range conns {
		out[i] = ProcessConn{Fd: c.Fd, Family: c.Family, Type: c.Type, Laddr: c.Laddr, Raddr: c.Raddr, Status: c.Status}
	}
	return out, nil
}
