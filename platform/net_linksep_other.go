//go:build !windows

package platform

// linkSep separates the bytes of a MAC address in net_if_addrs.
const linkSep = ":"
