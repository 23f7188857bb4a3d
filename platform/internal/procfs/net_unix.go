package procfs

// NetUnixSocket is one socket of /proc/net/unix (net/unix/af_unix.c
// unix_seq_show).
type NetUnixSocket struct {
	RefCount uint32
	Flags    uint32 // __SO_ACCEPTCON (1<<16) on a listening socket
	Type     uint16 // SOCK_STREAM 1, SOCK_DGRAM 2, SOCK_SEQPACKET 5
	State    uint8  // SS_UNCONNECTED 1, SS_CONNECTING 2, SS_CONNECTED 3, SS_DISCONNECTING 4
	Inode    uint64 // socket inode, "socket:[N]" in /proc/<pid>/fd
	// Path is the bound address, aliasing the parsed data: empty when the
	// socket is unnamed; an abstract name starts with '@' and shows its NUL
	// bytes as '@'. The kernel prints it raw, so it may hold spaces and even
	// newlines.
	Path []byte
}

// ParseNetUnix appends to dst[:0] the sockets listed in the contents of
// /proc/net/unix. The first line is the header.
//
// Each line is "%pK: %08X %08X %08X %04X %02X %5lu" (address, refcount,
// protocol, flags, type, state, inode), then, for a bound socket, one space
// and the path up to the end of the line. A path holding a newline spills
// onto the next line; such a line, which does not read as a socket, extends
// the previous path.
func ParseNetUnix(data []byte, dst []NetUnixSocket) ([]NetUnixSocket, error) {
	dst = dst[:0]
	_, rest := NextLine(data)
	pathOpen := false // the last socket has a path a newline may continue
	for len(rest) > 0 {
		start := len(data) - len(rest)
		var line []byte
		line, rest = NextLine(rest)
		s, hasPath, ok := parseNetUnixLine(line)
		if ok {
			dst = append(dst, s)
			pathOpen = hasPath
			continue
		}
		if pathOpen {
			last := &dst[len(dst)-1]
			pathStart := start - 1 - len(last.Path) // the path ends at the newline before this line
			last.Path = data[pathStart : start+len(line)]
			continue
		}
		if len(skipBlanks(line)) == 0 || !hasBlank(line) {
			// psutil skips such lines too (psutil issue #766).
			continue
		}
		return dst, parseError("/proc/net/unix", string(line))
	}
	return dst, nil
}

func parseNetUnixLine(line []byte) (s NetUnixSocket, hasPath, ok bool) {
	f, rest := NextField(line)
	if len(f) < 2 || f[len(f)-1] != ':' {
		return s, false, false
	}
	if _, ok := connParseHex(f[:len(f)-1]); !ok {
		return s, false, false
	}
	var v [5]uint64
	for i := range v {
		if f, rest = NextField(rest); f == nil {
			return s, false, false
		}
		if v[i], ok = connParseHex(f); !ok {
			return s, false, false
		}
	}
	if v[0] > 1<<32-1 || v[2] > 1<<32-1 || v[3] > 0xffff || v[4] > 0xff {
		return s, false, false
	}
	s.RefCount, s.Flags, s.Type, s.State = uint32(v[0]), uint32(v[2]), uint16(v[3]), uint8(v[4])
	if f, rest = NextField(rest); f == nil {
		return s, false, false
	}
	if s.Inode, ok = ParseUint(f); !ok {
		return s, false, false
	}
	// The path follows exactly one space: it may itself start with spaces.
	if len(rest) > 0 && rest[0] == ' ' {
		s.Path = rest[1:]
		return s, true, true
	}
	return s, false, len(rest) == 0
}
