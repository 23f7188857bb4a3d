package platform

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// PyRepr quotes s the way Python's repr() quotes a str, so psutil's reprs
// and error messages read the same in Go and Lua.
func PyRepr(s string) string {
	quote := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		quote = '"'
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(quote)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case r == rune(quote) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case !unicode.IsPrint(r):
			// Python escapes what str.isprintable() refuses (categories C*
			// and Z*, except the ASCII space, which unicode.IsPrint agrees
			// with) by size: \xhh up to U+00FF (so U+00A0 and U+00AD too),
			// then \uhhhh and \Uhhhhhhhh.
			if r < 0x100 {
				b.WriteString(`\x`)
				b.WriteString(hex2(byte(r)))
			} else if r <= 0xffff {
				b.WriteString(`\u`)
				b.WriteString(pad(strconv.FormatInt(int64(r), 16), 4))
			} else {
				b.WriteString(`\U`)
				b.WriteString(pad(strconv.FormatInt(int64(r), 16), 8))
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	b.WriteByte(quote)
	return b.String()
}

// reprCut is the most of a string PyReprCut quotes.
const reprCut = 200

// PyReprCut is PyRepr for a message that quotes an argument: a string
// past reprCut bytes is cut there, on a character's start, and followed
// by its length ("'aaa'... (300000000 bytes)"); a script's argument can
// be hundreds of megabytes.
func PyReprCut(s string) string {
	if len(s) <= reprCut {
		return PyRepr(s)
	}
	cut := reprCut
	for cut > reprCut-(utf8.UTFMax-1) && !utf8.RuneStart(s[cut]) {
		cut-- // back to the start of the character cut
	}
	if !utf8.RuneStart(s[cut]) {
		cut = reprCut // not UTF-8 there: no character to keep whole
	}
	return PyRepr(s[:cut]) + "... (" + strconv.Itoa(len(s)) + " bytes)"
}

func hex2(c byte) string { return pad(strconv.FormatInt(int64(c), 16), 2) }

func pad(s string, n int) string {
	for len(s) < n {
		s = "0" + s
	}
	return s
}

// PyFloat formats f the way Python's repr() formats a float: the shortest
// string that reads back as f, "1.0" rather than "1", and an exponent only
// below 1e-4 or from 1e16 on.
func PyFloat(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	if f == 0 {
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	exp := int(math.Floor(math.Log10(math.Abs(f))))
	// Log10 can be off by one near powers of ten; the 'e' form tells exactly.
	e := strconv.FormatFloat(f, 'e', -1, 64)
	if i := strings.IndexByte(e, 'e'); i >= 0 {
		if n, err := strconv.Atoi(e[i+1:]); err == nil {
			exp = n
		}
	}
	if exp < -4 || exp >= 16 {
		return e
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if strings.IndexByte(s, '.') < 0 {
		s += ".0"
	}
	return s
}
