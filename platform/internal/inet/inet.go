// Package inet formats IP addresses as the C library's inet_ntop does,
// which is what psutil reports: Go's net/netip prints some IPv6 forms
// otherwise.
package inet

import "strconv"

// AppendIPv4 appends a in dotted decimal: inet_ntop(AF_INET).
func AppendIPv4(dst []byte, a [4]byte) []byte {
	for i, c := range a {
		if i > 0 {
			dst = append(dst, '.')
		}
		dst = strconv.AppendUint(dst, uint64(c), 10)
	}
	return dst
}

// AppendIPv6 appends a as glibc's inet_ntop(AF_INET6) writes it: the
// longest run of two or more zero groups (the first of equal runs) becomes
// "::", groups are lowercase hex without leading zeros, and an
// IPv4-compatible (::a.b.c.d, the first 96 bits zero, not :: or ::1-like)
// or IPv4-mapped (::ffff:a.b.c.d) address ends in dotted decimal. Go's
// net/netip prints the IPv4-compatible form in hex.
func AppendIPv6(dst []byte, a [16]byte) []byte {
	var w [8]uint16
	for i := range w {
		w[i] = uint16(a[2*i])<<8 | uint16(a[2*i+1])
	}
	bestBase, bestLen := -1, 0
	for i := 0; i < 8; {
		if w[i] != 0 {
			i++
			continue
		}
		j := i
		for j < 8 && w[j] == 0 {
			j++
		}
		if j-i > bestLen {
			bestBase, bestLen = i, j-i
		}
		i = j
	}
	if bestLen < 2 {
		bestBase = -1
	}
	for i := 0; i < 8; i++ {
		if bestBase >= 0 && i >= bestBase && i < bestBase+bestLen {
			if i == bestBase {
				dst = append(dst, ':')
			}
			continue
		}
		if i != 0 {
			dst = append(dst, ':')
		}
		if i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff)) {
			return AppendIPv4(dst, [4]byte(a[12:16]))
		}
		dst = strconv.AppendUint(dst, uint64(w[i]), 16)
	}
	if bestBase >= 0 && bestBase+bestLen == 8 {
		dst = append(dst, ':')
	}
	return dst
}
