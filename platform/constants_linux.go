//go:build linux

package platform

import "golang.org/x/sys/unix"

// Linux's socket families and types.
const (
	AF_UNIX  AddressFamily = unix.AF_UNIX
	AF_INET  AddressFamily = unix.AF_INET
	AF_INET6 AddressFamily = unix.AF_INET6
	AF_LINK  AddressFamily = unix.AF_PACKET // psutil's AF_LINK is socket.AF_PACKET on Linux

	SOCK_STREAM    SocketType = unix.SOCK_STREAM
	SOCK_DGRAM     SocketType = unix.SOCK_DGRAM
	SOCK_SEQPACKET SocketType = unix.SOCK_SEQPACKET
)

// linkFamilyName is Python's name of AF_LINK's value.
const linkFamilyName = "AF_PACKET"
