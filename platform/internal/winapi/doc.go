// Package winapi reads Windows' system structures: the calls psulua makes
// that golang.org/x/sys/windows lacks (*_windows.go), and pure parsers of
// the buffers those calls and NtQuerySystemInformation fill, with the
// offsets of the 64-bit layout. The parsers build on every OS, so they are
// tested here on captured structures as well as live under wine; they know
// nothing of psutil's semantics.
package winapi

import (
	"encoding/binary"
	"errors"
	"unicode/utf16"
)

// ErrShort is wrapped by every parser given a buffer too short for the
// structure it describes.
var ErrShort = errors.New("winapi: buffer too short")

var le = binary.LittleEndian

func u16(b []byte, off int) uint16 { return le.Uint16(b[off:]) }
func u32(b []byte, off int) uint32 { return le.Uint32(b[off:]) }
func u64(b []byte, off int) uint64 { return le.Uint64(b[off:]) }

// UTF16Bytes decodes n bytes of UTF-16LE at b[off:], stopping at a NUL.
func UTF16Bytes(b []byte, off, n int) string {
	if off < 0 || n < 0 || off+n > len(b) {
		return ""
	}
	w := make([]uint16, 0, n/2)
	for i := off; i+1 < off+n; i += 2 {
		c := u16(b, i)
		if c == 0 {
			break
		}
		w = append(w, c)
	}
	return string(utf16.Decode(w))
}

// TicksPerSecond is the unit of Windows' times: 100 ns.
const TicksPerSecond = 10_000_000

// EpochDelta is the number of 100 ns ticks between 1601-01-01 (FILETIME's
// origin) and 1970-01-01.
const EpochDelta = 116444736000000000

// FiletimeToUnix converts a FILETIME value to seconds since 1970.
func FiletimeToUnix(ft uint64) float64 {
	return float64(int64(ft)-EpochDelta) / TicksPerSecond
}
