package platform

import (
	"runtime"
	"strconv"
)

// Version is the psutil API version psulua mirrors.
const Version = "8.0.0"

// The operating system psulua was built for, as psutil's OS constants.
const (
	LINUX   = runtime.GOOS == "linux"
	WINDOWS = runtime.GOOS == "windows"
	MACOS   = runtime.GOOS == "darwin"
	FREEBSD = runtime.GOOS == "freebsd"
	OPENBSD = runtime.GOOS == "openbsd"
	NETBSD  = runtime.GOOS == "netbsd"
	BSD     = FREEBSD || OPENBSD || NETBSD
	SUNOS   = runtime.GOOS == "solaris" || runtime.GOOS == "illumos"
	AIX     = runtime.GOOS == "aix"
	POSIX   = !WINDOWS
)

// AddressFamily is a socket address family (Python's socket.AddressFamily).
type AddressFamily int

// AF_UNSPEC is the family of a NIC entry with no address (psutil 8). The
// other families psutil reports (AF_UNIX, AF_INET, AF_INET6 and AF_LINK,
// psutil's name for the family of a MAC address) have the values of the OS
// psulua is built for (constants_linux.go, constants_unix.go,
// constants_windows.go).
const AF_UNSPEC AddressFamily = 0

var familyNames = map[AddressFamily]string{
	AF_UNSPEC: "AF_UNSPEC", AF_UNIX: "AF_UNIX", AF_INET: "AF_INET", AF_INET6: "AF_INET6", AF_LINK: linkFamilyName,
}

// Repr is Python's repr of the enum member: "<AddressFamily.AF_INET: 2>".
// AF_LINK prints as Python names it on the OS: AF_PACKET on Linux.
func (f AddressFamily) Repr() string { return enumRepr("AddressFamily", familyNames[f], int(f)) }

// SocketType is a socket type (Python's socket.SocketKind).
type SocketType int

// The socket types (SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET) have the values
// of the OS psulua is built for, as the families do.

var sockNames = map[SocketType]string{SOCK_STREAM: "SOCK_STREAM", SOCK_DGRAM: "SOCK_DGRAM", SOCK_SEQPACKET: "SOCK_SEQPACKET"}

// Repr is Python's repr of the enum member: "<SocketKind.SOCK_STREAM: 1>".
func (t SocketType) Repr() string { return enumRepr("SocketKind", sockNames[t], int(t)) }

// NicDuplex is the duplex of a NIC in net_if_stats.
type NicDuplex int

// NIC duplex values.
const (
	NIC_DUPLEX_UNKNOWN NicDuplex = 0
	NIC_DUPLEX_HALF    NicDuplex = 1
	NIC_DUPLEX_FULL    NicDuplex = 2
)

var duplexNames = map[NicDuplex]string{
	NIC_DUPLEX_UNKNOWN: "NIC_DUPLEX_UNKNOWN", NIC_DUPLEX_HALF: "NIC_DUPLEX_HALF", NIC_DUPLEX_FULL: "NIC_DUPLEX_FULL",
}

// Repr is Python's repr of the enum member: "<NicDuplex.NIC_DUPLEX_FULL: 2>".
func (d NicDuplex) Repr() string { return enumRepr("NicDuplex", duplexNames[d], int(d)) }

// BatteryTime is sensors_battery's secsleft: seconds, or one of the
// POWER_TIME constants.
type BatteryTime int

// The special values of secsleft.
const (
	POWER_TIME_UNKNOWN   BatteryTime = -1
	POWER_TIME_UNLIMITED BatteryTime = -2
)

// Repr is Python's repr: a plain number, or the enum member for the two
// special values.
func (t BatteryTime) Repr() string {
	switch t {
	case POWER_TIME_UNKNOWN:
		return enumRepr("BatteryTime", "POWER_TIME_UNKNOWN", int(t))
	case POWER_TIME_UNLIMITED:
		return enumRepr("BatteryTime", "POWER_TIME_UNLIMITED", int(t))
	}
	return strconv.Itoa(int(t))
}

func enumRepr(class, name string, v int) string {
	if name == "" {
		return strconv.Itoa(v)
	}
	return "<" + class + "." + name + ": " + strconv.Itoa(v) + ">"
}
