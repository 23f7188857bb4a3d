//go:build !unix && !windows

package platform

// The socket families and types of systems without x/sys constants (js,
// wasip1, plan9): the POSIX numbering Linux also uses, so the package
// builds; every backend call fails there anyway.
const (
	AF_UNIX  AddressFamily = 1
	AF_INET  AddressFamily = 2
	AF_INET6 AddressFamily = 10
	AF_LINK  AddressFamily = -1

	SOCK_STREAM    SocketType = 1
	SOCK_DGRAM     SocketType = 2
	SOCK_SEQPACKET SocketType = 5
)

const linkFamilyName = ""
