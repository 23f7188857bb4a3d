package winapi

import (
	"fmt"
	"net/netip"
)

// Socket is one row of the tables GetExtendedTcpTable and
// GetExtendedUdpTable fill (the *_OWNER_PID classes). State is a
// MIB_TCP_STATE (0 for UDP); ports are in host order.
type Socket struct {
	LocalAddr  netip.Addr
	LocalPort  int
	RemoteAddr netip.Addr // invalid for UDP
	RemotePort int
	State      uint32
	Pid        int
}

// The row sizes of MIB_TCPROW_OWNER_PID, MIB_TCP6ROW_OWNER_PID,
// MIB_UDPROW_OWNER_PID and MIB_UDP6ROW_OWNER_PID.
const (
	tcp4Row = 24
	tcp6Row = 56
	udp4Row = 12
	udp6Row = 28
)

// port reads a port stored in network order in the low 16 bits of a DWORD.
func port(b []byte, off int) int { return int(b[off])<<8 | int(b[off+1]) }

func addr4(b []byte, off int) netip.Addr { return netip.AddrFrom4([4]byte(b[off : off+4])) }

func addr6(b []byte, off int) netip.Addr { return netip.AddrFrom16([16]byte(b[off : off+16])) }

func table(buf []byte, row int) (n int, err error) {
	if len(buf) < 4 {
		return 0, fmt.Errorf("%w: socket table", ErrShort)
	}
	n = int(u32(buf, 0))
	// The rows start after dwNumEntries, aligned to their largest field.
	if 4+n*row > len(buf) {
		return 0, fmt.Errorf("%w: %d rows of %d bytes in %d", ErrShort, n, row, len(buf))
	}
	return n, nil
}

// ParseTCP4 parses a MIB_TCPTABLE_OWNER_PID.
func ParseTCP4(buf []byte) ([]Socket, error) {
	n, err := table(buf, tcp4Row)
	if err != nil {
		return nil, err
	}
	out := make([]Socket, n)
	for i := range out {
		b := buf[4+i*tcp4Row:]
		out[i] = Socket{State: u32(b, 0), LocalAddr: addr4(b, 4), LocalPort: port(b, 8),
			RemoteAddr: addr4(b, 12), RemotePort: port(b, 16), Pid: int(u32(b, 20))}
	}
	return out, nil
}

// ParseTCP6 parses a MIB_TCP6TABLE_OWNER_PID.
func ParseTCP6(buf []byte) ([]Socket, error) {
	n, err := table(buf, tcp6Row)
	if err != nil {
		return nil, err
	}
	out := make([]Socket, n)
	for i := range out {
		b := buf[4+i*tcp6Row:]
		out[i] = Socket{LocalAddr: addr6(b, 0), LocalPort: port(b, 20), RemoteAddr: addr6(b, 24),
			RemotePort: port(b, 44), State: u32(b, 48), Pid: int(u32(b, 52))}
	}
	return out, nil
}

// ParseUDP4 parses a MIB_UDPTABLE_OWNER_PID.
func ParseUDP4(buf []byte) ([]Socket, error) {
	n, err := table(buf, udp4Row)
	if err != nil {
		return nil, err
	}
	out := make([]Socket, n)
	for i := range out {
		b := buf[4+i*udp4Row:]
		out[i] = Socket{LocalAddr: addr4(b, 0), LocalPort: port(b, 4), Pid: int(u32(b, 8))}
	}
	return out, nil
}

// ParseUDP6 parses a MIB_UDP6TABLE_OWNER_PID.
func ParseUDP6(buf []byte) ([]Socket, error) {
	n, err := table(buf, udp6Row)
	if err != nil {
		return nil, err
	}
	out := make([]Socket, n)
	for i := range out {
		b := buf[4+i*udp6Row:]
		out[i] = Socket{LocalAddr: addr6(b, 0), LocalPort: port(b, 20), Pid: int(u32(b, 24))}
	}
	return out, nil
}
