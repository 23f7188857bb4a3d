package winapi

import (
	"strings"
	"unicode/utf16"
)

// The offsets, in a 64-bit process, that reading another process's
// command line, working directory and environment needs: the PEB's
// ProcessParameters pointer, and in RTL_USER_PROCESS_PARAMETERS the
// UNICODE_STRINGs CurrentDirectory.DosPath and CommandLine, the
// Environment pointer and (Windows Vista and later) EnvironmentSize.
const (
	PebProcessParameters   = 0x20
	ParamsCurrentDirectory = 0x38
	ParamsCommandLine      = 0x70
	ParamsEnvironment      = 0x80
	ParamsEnvironmentSize  = 0x3F0
	ParamsSize             = 0x400
)

// UnicodeString is an NT UNICODE_STRING read from another process: Length
// bytes at Buffer.
type UnicodeString struct {
	Length uint16
	Buffer uint64
}

// ParseUnicodeString reads the UNICODE_STRING at b[off:].
func ParseUnicodeString(b []byte, off int) UnicodeString {
	if off+16 > len(b) {
		return UnicodeString{}
	}
	return UnicodeString{Length: u16(b, off), Buffer: u64(b, off+8)}
}

// Pointer reads the 64-bit pointer at b[off:], 0 if b is too short.
func Pointer(b []byte, off int) uint64 {
	if off+8 > len(b) {
		return 0
	}
	return u64(b, off)
}

// ParseEnvironment parses an environment block (UTF-16LE "NAME=value"
// strings, each NUL-terminated, ending with an empty one) as psutil's
// parse_environ_block does: entries without '=' are skipped, and so are
// the drive-letter entries ("=C:=C:\\") whose name starts with '='.
// Names are upper-cased: Windows compares them without case.
func ParseEnvironment(b []byte) map[string]string {
	w := make([]uint16, len(b)/2)
	for i := range w {
		w[i] = u16(b, 2*i)
	}
	env := map[string]string{}
	for start := 0; start < len(w); {
		end := start
		for end < len(w) && w[end] != 0 {
			end++
		}
		if end == start {
			break
		}
		kv := string(utf16.Decode(w[start:end]))
		if i := strings.IndexByte(kv, '='); i > 0 {
			env[strings.ToUpper(kv[:i])] = kv[i+1:]
		}
		start = end + 1
	}
	return env
}
