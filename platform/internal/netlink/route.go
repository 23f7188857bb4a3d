//go:build linux

package netlink

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"syscall"
)

// Link is one RTM_NEWLINK message: a network interface. Byte slices alias
// the parsed buffer.
type Link struct {
	Index int32  // ifi_index
	Type  uint16 // ifi_type: ARPHRD_ETHER, ARPHRD_LOOPBACK, ARPHRD_NONE (tun)...
	// Flags is ifi_flags: dev_get_flags(), the IFF_* bits SIOCGIFFLAGS
	// returns, with IFF_RUNNING derived from the operational state.
	Flags     uint32
	Name      []byte // IFLA_IFNAME, without its NUL
	Address   []byte // IFLA_ADDRESS: the hardware address; nil when the link has none (tun, wireguard)
	Broadcast []byte // IFLA_BROADCAST: the hardware broadcast address (the peer on some tunnels)
	MTU       uint32 // IFLA_MTU
}

// Addr is one RTM_NEWADDR message: an address of an interface. Byte slices
// alias the parsed buffer.
type Addr struct {
	Family    uint8 // ifa_family: AF_INET or AF_INET6
	PrefixLen uint8 // ifa_prefixlen
	Flags     uint8 // ifa_flags (IFA_F_SECONDARY...), low 8 bits
	Scope     uint8 // ifa_scope: RT_SCOPE_UNIVERSE, RT_SCOPE_LINK, RT_SCOPE_HOST
	Index     int32 // ifa_index: the link the address is on
	// Address is IFA_ADDRESS: the peer on a point-to-point address,
	// otherwise the address itself.
	Address []byte
	// Local is IFA_LOCAL: the local address. IPv4 always sends it; IPv6
	// only for an address with a peer.
	Local     []byte
	Broadcast []byte // IFA_BROADCAST (IPv4 only)
	Label     []byte // IFA_LABEL (IPv4 only): the link's name or an alias such as "eth0:1"
}

// Attribute types of the messages (linux/if_link.h, linux/if_addr.h).
const (
	iflaAddress   = syscall.IFLA_ADDRESS
	iflaBroadcast = syscall.IFLA_BROADCAST
	iflaIfname    = syscall.IFLA_IFNAME
	iflaMTU       = syscall.IFLA_MTU
	ifaAddress    = syscall.IFA_ADDRESS
	ifaLocal      = syscall.IFA_LOCAL
	ifaLabel      = syscall.IFA_LABEL
	ifaBroadcast  = syscall.IFA_BROADCAST
)

// ParseLinks calls fn for every RTM_NEWLINK message in b, a reply to an
// RTM_GETLINK dump. Other messages are skipped. The Link passed to fn is
// reused between calls.
func ParseLinks(b []byte, fn func(*Link)) error {
	ne := binary.NativeEndian
	var l Link
	for len(b) > 0 {
		h, body, next, err := header(b)
		if err != nil {
			return err
		}
		b = next
		if h.Type != syscall.RTM_NEWLINK {
			continue
		}
		if len(body) < syscall.SizeofIfInfomsg {
			return fmt.Errorf("%w: RTM_NEWLINK of %d bytes", ErrParse, len(body))
		}
		l = Link{
			Type:  ne.Uint16(body[2:]),
			Index: int32(ne.Uint32(body[4:])),
			Flags: ne.Uint32(body[8:]),
		}
		err = attrs(body[syscall.SizeofIfInfomsg:], func(typ uint16, p []byte) {
			switch typ {
			case iflaAddress:
				l.Address = p
			case iflaBroadcast:
				l.Broadcast = p
			case iflaIfname:
				l.Name = cString(p)
			case iflaMTU:
				if len(p) == 4 {
					l.MTU = ne.Uint32(p)
				}
			}
		})
		if err != nil {
			return err
		}
		fn(&l)
	}
	return nil
}

// ParseAddrs calls fn for every RTM_NEWADDR message in b, a reply to an
// RTM_GETADDR dump. Other messages are skipped. The Addr passed to fn is
// reused between calls.
func ParseAddrs(b []byte, fn func(*Addr)) error {
	ne := binary.NativeEndian
	var a Addr
	for len(b) > 0 {
		h, body, next, err := header(b)
		if err != nil {
			return err
		}
		b = next
		if h.Type != syscall.RTM_NEWADDR {
			continue
		}
		if len(body) < syscall.SizeofIfAddrmsg {
			return fmt.Errorf("%w: RTM_NEWADDR of %d bytes", ErrParse, len(body))
		}
		a = Addr{
			Family:    body[0],
			PrefixLen: body[1],
			Flags:     body[2],
			Scope:     body[3],
			Index:     int32(ne.Uint32(body[4:])),
		}
		err = attrs(body[syscall.SizeofIfAddrmsg:], func(typ uint16, p []byte) {
			switch typ {
			case ifaAddress:
				a.Address = p
			case ifaLocal:
				a.Local = p
			case ifaBroadcast:
				a.Broadcast = p
			case ifaLabel:
				a.Label = cString(p)
			}
		})
		if err != nil {
			return err
		}
		fn(&a)
	}
	return nil
}

// cString cuts a NUL-terminated attribute at its first NUL.
func cString(p []byte) []byte {
	if i := bytes.IndexByte(p, 0); i >= 0 {
		return p[:i]
	}
	return p
}
