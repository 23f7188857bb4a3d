//go:build windows

package platform

import "golang.org/x/sys/windows"

// Windows's socket families and types. Windows has no link-layer family:
// psutil defines AF_LINK as -1 there.
const (
	AF_UNIX  AddressFamily = windows.AF_UNIX
	AF_INET  AddressFamily = windows.AF_INET
	AF_INET6 AddressFamily = windows.AF_INET6
	AF_LINK  AddressFamily = -1

	SOCK_STREAM    SocketType = windows.SOCK_STREAM
	SOCK_DGRAM     SocketType = windows.SOCK_DGRAM
	SOCK_SEQPACKET SocketType = windows.SOCK_SEQPACKET
)

// linkFamilyName is empty: psutil's AF_LINK is a plain -1 on Windows, so
// its repr is the number.
const linkFamilyName = ""
