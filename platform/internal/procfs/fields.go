package procfs

import "bytes"

// Helpers to split and convert the fields of kernel text files by hand:
// no fmt.Sscanf, no regexp, no allocation per field.

// ParseUint parses a decimal unsigned integer.
func ParseUint(b []byte) (uint64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		d := uint64(c - '0')
		if n > (1<<64-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}

// ParseInt parses a decimal integer with an optional sign.
func ParseInt(b []byte) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	u, ok := ParseUint(b)
	if !ok || u > 1<<63 {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	if u == 1<<63 {
		return 0, false
	}
	return int64(u), true
}

// Fields appends the space- or tab-separated fields of line to dst[:0].
func Fields(line []byte, dst [][]byte) [][]byte {
	dst = dst[:0]
	start := -1
	for i, c := range line {
		if c == ' ' || c == '\t' || c == '\n' {
			if start >= 0 {
				dst = append(dst, line[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		dst = append(dst, line[start:])
	}
	return dst
}

// NextLine splits b after its first newline: the line without it, and the
// rest (nil after the last line).
func NextLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i], b[i+1:]
	}
	return b, nil
}

// Lines calls fn for every line of b, without its newline.
func Lines(b []byte, fn func(line []byte)) {
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		fn(line)
	}
}

// NextField returns the first space- or tab-separated field of b and what
// follows it, or nil and nil when b has only blanks.
func NextField(b []byte) (field, rest []byte) {
	b = skipBlanks(b)
	for i, c := range b {
		if isBlank(c) {
			return b[:i], b[i:]
		}
	}
	if len(b) == 0 {
		return nil, nil
	}
	return b, nil
}

// TrimSpace strips ASCII white space (space, \t, \n, \v, \f, \r) from
// both ends of b: what Python's bytes.strip() strips, and str.strip() on
// ASCII text.
func TrimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// skipBlanks strips the spaces and tabs that start b.
func skipBlanks(b []byte) []byte {
	for len(b) > 0 && isBlank(b[0]) {
		b = b[1:]
	}
	return b
}

// hasBlank reports whether b holds a space or a tab.
func hasBlank(b []byte) bool {
	for _, c := range b {
		if isBlank(c) {
			return true
		}
	}
	return false
}

// hasPrefix is bytes.HasPrefix with a string prefix, as Python's
// line.startswith(b"key"): the comparison does not allocate.
func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

func isSpace(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }

// truncate keeps the quote of a bad line or file in an error short: the
// intr line of /proc/stat can hold thousands of numbers.
func truncate(b []byte, n int) string {
	return string(b[:min(len(b), n)])
}
