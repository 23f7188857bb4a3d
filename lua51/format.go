package lua51

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// fmtItemRoom is more than one item other than %s and %q writes (%99.99f
// of 1e308 is 409 bytes), the room made before it once the result is
// large.
const fmtItemRoom = 512

// strFormat is Lua 5.1's string.format (lstrlib.c str_format) as Debian's
// amd64 lua5.1 behaves, without fmt: each item is appended to one buffer
// with strconv, and numbers convert to C's long, unsigned long and int as
// gcc's x86-64 code does (out of range and NaN give LONG_MIN / INT_MIN).
//
// gopher-lua's own string.format hands the format to fmt.Sprintf, which
// is slower and differs from C printf (%5.1s, %#x, %g, %c, inf, ...).
func strFormat(L *lua.LState) int {
	fs := fmtCheckString(L, 1)
	top := L.GetTop()
	var stack [256]byte
	buf := stack[:0]
	arg := 1
	n := len(fs)
	for i := 0; i < n; {
		j := strings.IndexByte(fs[i:], '%')
		if j < 0 {
			buf = AppendChecked(L, buf, fs[i:])
			break
		}
		buf = AppendChecked(L, buf, fs[i:i+j])
		if len(buf) >= bigChunk {
			buf = GrowChecked(L, buf, fmtItemRoom) // not one long copy in an append below
		}
		i += j + 1
		if i < n && fs[i] == '%' {
			buf = append(buf, '%')
			i++
			continue
		}
		arg++
		if arg > top {
			fmtArgError(L, arg, "no value")
		}
		// The common items, with no flags, width or precision.
		if i < n {
			switch fs[i] {
			case 'd':
				buf = strconv.AppendInt(buf, cLong(fmtCheckNumber(L, arg)), 10)
				i++
				continue
			case 's':
				switch v := L.Get(arg).(type) {
				case lua.LString:
					s := string(v)
					if len(s) < 100 {
						if k := strings.IndexByte(s, 0); k >= 0 {
							s = s[:k] // C's sprintf stops at the NUL
						}
					}
					buf = AppendChecked(L, buf, s)
					i++
					continue
				case lua.LNumber:
					buf = appendNumber(buf, float64(v))
					i++
					continue
				}
			}
		}
		var sp fmtSpec
		i = sp.scan(L, fs, i)
		var conv byte // C sees the string's terminating NUL
		if i < n {
			conv = fs[i]
		}
		i++
		switch conv {
		case 'd', 'i':
			buf = sp.appendInt(buf, fmtCheckNumber(L, arg))
		case 'o', 'u', 'x', 'X':
			buf = sp.appendUint(buf, fmtCheckNumber(L, arg), conv)
		case 'e', 'E', 'f', 'g', 'G':
			buf = sp.appendFloat(buf, fmtCheckNumber(L, arg), conv)
		case 'c':
			buf = sp.appendChar(buf, fmtCheckNumber(L, arg))
		case 's':
			buf = sp.appendString(buf, L, arg)
		case 'q':
			buf = appendQuoted(buf, L, arg)
		default:
			fmtError(L, "invalid option '%"+cChar(conv)+"' to 'format'")
		}
	}
	if len(buf) < bigChunk {
		L.Push(lua.LString(string(buf)))
		return 1
	}
	// (Not StringOf(buf): buf may be stack, which would then escape.)
	out := make([]byte, len(buf))
	copyChecked(L, out, buf, bigChunk)
	L.Push(StringOf(out))
	return 1
}

const (
	flagMinus = 1 << iota
	flagPlus
	flagSpace
	flagSharp
	flagZero
)

// fmtSpec is one item's flags, width and precision (-1 when absent).
type fmtSpec struct {
	flags uint8
	width int
	prec  int
}

// scan reads flags, width and precision from fs[i:] as scanformat does,
// returning the index of the conversion character.
func (sp *fmtSpec) scan(L *lua.LState, fs string, i int) int {
	n := len(fs)
	start := i
	for ; i < n; i++ {
		switch fs[i] {
		case '-':
			sp.flags |= flagMinus
		case '+':
			sp.flags |= flagPlus
		case ' ':
			sp.flags |= flagSpace
		case '#':
			sp.flags |= flagSharp
		case '0':
			sp.flags |= flagZero
		default:
			goto flagsDone
		}
	}
flagsDone:
	if i-start >= 6 { // sizeof(FLAGS)
		fmtError(L, "invalid format (repeated flags)")
	}
	for k := 0; k < 2 && i < n && isDigit(fs[i]); k++ {
		sp.width = sp.width*10 + int(fs[i]-'0')
		i++
	}
	sp.prec = -1
	if i < n && fs[i] == '.' {
		i++
		sp.prec = 0
		for k := 0; k < 2 && i < n && isDigit(fs[i]); k++ {
			sp.prec = sp.prec*10 + int(fs[i]-'0')
			i++
		}
	}
	if i < n && isDigit(fs[i]) {
		fmtError(L, "invalid format (width or precision too long)")
	}
	return i
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// pad widens the item buf[start:] to the spec's width: spaces on the right
// with '-', zeros after the item's prefixLen sign or 0x when zero is set,
// otherwise spaces on the left.
func (sp *fmtSpec) pad(buf []byte, start, prefixLen int, zero bool) []byte {
	p := sp.width - (len(buf) - start)
	if p <= 0 {
		return buf
	}
	if sp.flags&flagMinus != 0 {
		for ; p > 0; p-- {
			buf = append(buf, ' ')
		}
		return buf
	}
	c := byte(' ')
	pos := start
	if zero {
		c = '0'
		pos += prefixLen
	}
	return insertBytes(buf, pos, p, c)
}

// insertBytes inserts n copies of c at buf[pos].
func insertBytes(buf []byte, pos, n int, c byte) []byte {
	old := len(buf)
	for k := 0; k < n; k++ {
		buf = append(buf, c)
	}
	copy(buf[pos+n:], buf[pos:old])
	for k := pos; k < pos+n; k++ {
		buf[k] = c
	}
	return buf
}

func (sp *fmtSpec) appendInt(buf []byte, f float64) []byte {
	v := cLong(f)
	start := len(buf)
	u := uint64(v)
	if v < 0 {
		buf = append(buf, '-')
		u = -u
	} else if sp.flags&flagPlus != 0 {
		buf = append(buf, '+')
	} else if sp.flags&flagSpace != 0 {
		buf = append(buf, ' ')
	}
	return sp.appendDigits(buf, start, len(buf)-start, u, 10, false)
}

func (sp *fmtSpec) appendUint(buf []byte, f float64, conv byte) []byte {
	u := cULong(f)
	start := len(buf)
	base := 10
	switch conv {
	case 'o':
		base = 8
	case 'x', 'X':
		base = 16
		if sp.flags&flagSharp != 0 && u != 0 {
			buf = append(buf, '0', conv)
		}
	}
	return sp.appendDigits(buf, start, len(buf)-start, u, base, conv == 'X')
}

// appendDigits appends u's digits after the item's prefix, applying the
// precision (a minimum digit count), %#o's leading zero and the width.
func (sp *fmtSpec) appendDigits(buf []byte, start, prefixLen int, u uint64, base int, upper bool) []byte {
	dstart := len(buf)
	if !(sp.prec == 0 && u == 0) {
		buf = strconv.AppendUint(buf, u, base)
		if upper {
			for k := dstart; k < len(buf); k++ {
				if c := buf[k]; c >= 'a' {
					buf[k] = c - 'a' + 'A'
				}
			}
		}
	}
	if nd := len(buf) - dstart; sp.prec > nd {
		buf = insertBytes(buf, dstart, sp.prec-nd, '0')
	}
	if base == 8 && sp.flags&flagSharp != 0 && (len(buf) == dstart || buf[dstart] != '0') {
		buf = insertBytes(buf, dstart, 1, '0')
	}
	return sp.pad(buf, start, prefixLen, sp.flags&flagZero != 0 && sp.prec < 0)
}

func (sp *fmtSpec) appendFloat(buf []byte, f float64, conv byte) []byte {
	start := len(buf)
	if math.Signbit(f) {
		buf = append(buf, '-')
	} else if sp.flags&flagPlus != 0 {
		buf = append(buf, '+')
	} else if sp.flags&flagSpace != 0 {
		buf = append(buf, ' ')
	}
	prefixLen := len(buf) - start
	upper := conv == 'E' || conv == 'G'
	if math.IsInf(f, 0) || math.IsNaN(f) {
		s := "inf"
		if f != f {
			s = "nan"
		}
		if upper {
			s = strings.ToUpper(s)
		}
		buf = append(buf, s...)
		return sp.pad(buf, start, prefixLen, false)
	}
	a := math.Abs(f)
	prec := sp.prec
	if prec < 0 {
		prec = 6
	}
	sharp := sp.flags&flagSharp != 0
	switch conv {
	case 'f':
		buf = strconv.AppendFloat(buf, a, 'f', prec, 64)
		if sharp && prec == 0 {
			buf = append(buf, '.')
		}
	case 'e', 'E':
		m := len(buf)
		buf = strconv.AppendFloat(buf, a, conv, prec, 64)
		if sharp && prec == 0 {
			buf = insertBytes(buf, m+1, 1, '.')
		}
	default:
		buf = appendG(buf, a, prec, sharp, upper)
	}
	return sp.pad(buf, start, prefixLen, sp.flags&flagZero != 0)
}

// appendG appends the finite, non-negative f as C's %.<prec>g (%#g when
// sharp, %G when upper).
func appendG(buf []byte, f float64, prec int, sharp, upper bool) []byte {
	if prec == 0 {
		prec = 1
	}
	var tmp [40]byte
	e := strconv.AppendFloat(tmp[:0], f, 'e', prec-1, 64) // d[.ddd]e±XX
	k := len(e) - 1
	for e[k] != 'e' {
		k--
	}
	x := 0
	for _, c := range e[k+2:] {
		x = x*10 + int(c-'0')
	}
	if e[k+1] == '-' {
		x = -x
	}
	mant := e[:k]
	if x < -4 || x >= prec {
		if !sharp {
			mant = trimFraction(mant)
		} else if len(mant) == 1 {
			mant = append(mant, '.')
		}
		buf = append(buf, mant...)
		if upper {
			buf = append(buf, 'E')
		} else {
			buf = append(buf, 'e')
		}
		return append(buf, e[k+1:]...)
	}
	// Style f with prec-1-x decimals: the same significant digits.
	digits := mant[:1]
	if len(mant) > 2 {
		digits = append(digits, mant[2:]...) // in place: drops the '.'
	}
	m := len(buf)
	if x >= 0 {
		buf = append(buf, digits[:x+1]...)
		buf = append(buf, '.')
		buf = append(buf, digits[x+1:]...)
	} else {
		buf = append(buf, '0', '.')
		for z := -x - 1; z > 0; z-- {
			buf = append(buf, '0')
		}
		buf = append(buf, digits...)
	}
	if !sharp {
		buf = append(buf[:m], trimFraction(buf[m:])...)
	}
	return buf
}

// trimFraction drops a number's trailing fractional zeros and a bare '.'.
func trimFraction(b []byte) []byte {
	if !containsByte(b, '.') {
		return b
	}
	for b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	return b
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// appendNumber appends f as Lua 5.1 converts numbers to strings ("%.14g").
func appendNumber(buf []byte, f float64) []byte {
	if f == math.Trunc(f) && f > -1e14 && f < 1e14 && !(f == 0 && math.Signbit(f)) {
		return strconv.AppendInt(buf, int64(f), 10)
	}
	if math.Signbit(f) {
		buf = append(buf, '-')
	}
	switch {
	case math.IsInf(f, 0):
		return append(buf, "inf"...)
	case f != f:
		return append(buf, "nan"...)
	}
	return appendG(buf, math.Abs(f), 14, false, false)
}

func (sp *fmtSpec) appendChar(buf []byte, f float64) []byte {
	c := byte(cInt(f))
	left := sp.flags&flagMinus != 0
	if c == 0 {
		// sprintf writes the NUL, and strlen stops at it.
		if !left {
			for p := sp.width - 1; p > 0; p-- {
				buf = append(buf, ' ')
			}
		}
		return buf
	}
	start := len(buf)
	buf = append(buf, c)
	return sp.pad(buf, start, 0, false)
}

func (sp *fmtSpec) appendString(buf []byte, L *lua.LState, arg int) []byte {
	start := len(buf)
	switch v := L.Get(arg).(type) {
	case lua.LString:
		s := string(v)
		if sp.prec < 0 && len(s) >= 100 {
			return AppendChecked(L, buf, s) // kept whole, NULs and all
		}
		if k := strings.IndexByte(s, 0); k >= 0 {
			s = s[:k]
		}
		if sp.prec >= 0 && len(s) > sp.prec {
			s = s[:sp.prec]
		}
		buf = append(buf, s...)
	case lua.LNumber:
		buf = appendNumber(buf, float64(v))
		if sp.prec >= 0 && len(buf)-start > sp.prec {
			buf = buf[:start+sp.prec]
		}
	default:
		// Lua 5.2's %s: a value with __tostring (psutil's errors) formats
		// as tostring gives it; lua5.1 raises here.
		if L.GetMetaField(v, "__tostring") == lua.LNil {
			fmtTypeError(L, arg, "string")
		}
		// __tostring may be a Go function that runs no instruction:
		// thousands of arguments would each call it.
		CheckGrowth(L, "string.format", 0)
		s := L.ToStringMeta(v).String()
		if sp.prec >= 0 && len(s) > sp.prec {
			s = s[:sp.prec]
		}
		if len(s) >= bigChunk {
			// Past the size format's guard could foresee: asked now.
			CheckGrowth(L, "string.format", len(buf)+len(s))
		}
		buf = AppendChecked(L, buf, s)
	}
	return sp.pad(buf, start, 0, false)
}

// appendQuoted is %q: flags and width are ignored.
func appendQuoted(buf []byte, L *lua.LState, arg int) []byte {
	var s string
	switch v := L.Get(arg).(type) {
	case lua.LString:
		s = string(v)
	case lua.LNumber:
		buf = append(buf, '"')
		buf = appendNumber(buf, float64(v))
		return append(buf, '"')
	default:
		fmtTypeError(L, arg, "string")
	}
	// Grown once to the quoted size: a long string would otherwise leave
	// the copies of each doubling behind.
	size := len(s) + 2
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '"', '\\', '\n', '\r':
			size++
		case 0:
			size += 3
		}
	}
	buf = GrowChecked(L, buf, size)
	buf = append(buf, '"')
	for k := 0; k < len(s); k++ {
		if k%bigChunk == bigChunk-1 {
			CheckGrowth(L, "", 0) // see build.go
		}
		switch c := s[k]; c {
		case '"', '\\', '\n':
			buf = append(buf, '\\', c)
		case '\r':
			buf = append(buf, '\\', 'r')
		case 0:
			buf = append(buf, '\\', '0', '0', '0')
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// cLong is C's (long)d on x86-64: truncation, LONG_MIN when out of range
// or NaN.
func cLong(f float64) int64 {
	if f >= -9223372036854775808.0 && f < 9223372036854775808.0 {
		return int64(f)
	}
	return math.MinInt64
}

// cULong is gcc's x86-64 (unsigned long)d: values from 2^63 convert after
// subtracting 2^63; others as (long)d, so -1 gives 0xffffffffffffffff.
func cULong(f float64) uint64 {
	const two63 = 9223372036854775808.0
	if f >= two63 {
		if f -= two63; f < two63 {
			return uint64(int64(f)) ^ 1<<63
		}
		return 0
	}
	return uint64(cLong(f))
}

// cInt is C's (int)d on x86-64: INT_MIN when out of range or NaN.
func cInt(f float64) int32 {
	if f > -2147483649.0 && f < 2147483648.0 {
		return int32(f)
	}
	return math.MinInt32
}

// cChar is lua_pushfstring's %c: a NUL adds nothing.
func cChar(c byte) string {
	if c == 0 {
		return ""
	}
	return string([]byte{c})
}

// fmtCheckString is luaL_checklstring: a string, or a number as "%.14g".
func fmtCheckString(L *lua.LState, arg int) string {
	switch v := L.Get(arg).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return string(appendNumber(nil, float64(v)))
	}
	fmtTypeError(L, arg, "string")
	return ""
}

// CheckString is luaL_checkstring: a string, or a number as "%.14g".
func CheckString(L *lua.LState, n int) string { return fmtCheckString(L, n) }

// OptString is luaL_optstring: def for a missing or nil argument.
func OptString(L *lua.LState, n int, def string) string {
	if L.Get(n) == lua.LNil {
		return def
	}
	return fmtCheckString(L, n)
}

// fmtCheckNumber is luaL_checknumber: a number, or a string that Lua 5.1
// converts to one.
func fmtCheckNumber(L *lua.LState, arg int) float64 {
	switch v := L.Get(arg).(type) {
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		if f, ok := str2number(string(v)); ok {
			return f
		}
	}
	fmtTypeError(L, arg, "number")
	return 0
}

func fmtTypeError(L *lua.LState, arg int, want string) {
	got := "no value"
	if arg <= L.GetTop() {
		got = L.Get(arg).Type().String()
	}
	fmtArgError(L, arg, want+" expected, got "+got)
}

// fmtArgError is luaL_argerror, naming the function as the caller called
// it ('format', a local's name, or '?').
func fmtArgError(L *lua.LState, arg int, msg string) {
	name := "?"
	if dbg, ok := L.GetStack(0); ok {
		if _, err := L.GetInfo("n", dbg, lua.LNil); err == nil {
			switch n := dbg.Name; {
			case n == "" || n == "(anonymous)" || n == "main chunk" || n == "corountine" || n[0] == '<':
			default:
				name = n
			}
		}
	}
	fmtError(L, "bad argument #"+strconv.Itoa(arg)+" to '"+name+"' ("+msg+")")
}

// fmtError is luaL_error: the message gets the calling Lua function's
// position, none when called from Go (pcall(string.format, ...)).
func fmtError(L *lua.LState, msg string) {
	L.Error(lua.LString(Where(L)+msg), 0)
}

// Where is luaL_where(L, 1): "source:line: " of the calling Lua function,
// "" when Go called, for errors raised as Lua 5.1's C functions raise them.
func Where(L *lua.LState) string { return WhereAt(L, 1) }

// WhereAt is the "chunk:line: " of the function at level of L's stack (0:
// the one running), or "" for a Go function.
func WhereAt(L *lua.LState, level int) string {
	if dbg, ok := L.GetStack(level); ok {
		if _, err := L.GetInfo("Sl", dbg, lua.LNil); err == nil && dbg.What != "G" && dbg.CurrentLine > 0 {
			return dbg.Source + ":" + strconv.Itoa(dbg.CurrentLine) + ": "
		}
	}
	return ""
}

// concatCheckEvery is how many items table.concat joins between looks at
// the run's limits.
const concatCheckEvery = 1 << 14

// tableConcat is Lua 5.1's table.concat(t [, sep [, i [, j]]]): gopher-lua's
// is quadratic (100,000 numbers took 7 seconds).
func tableConcat(L *lua.LState) int {
	t := L.CheckTable(1)
	sep := OptString(L, 2, "") // a number is a separator too
	i, j := OptInt(L, 3, 1), OptInt(L, 4, t.Len())
	var b []byte
	for k := i; k <= j; k++ {
		if (k-i+1)%concatCheckEvery == 0 {
			CheckGrowth(L, "table.concat", len(b)) // millions of numbers take seconds
		}
		switch v := t.RawGet(lua.LNumber(k)).(type) { // RawGetInt misses keys past the array part
		case lua.LString:
			b = AppendChecked(L, b, string(v))
		case lua.LNumber:
			if len(b) >= bigChunk {
				b = GrowChecked(L, b, fmtItemRoom) // not one long copy in the append
			}
			b = appendNumber(b, float64(v))
		default:
			fmtError(L, fmt.Sprintf("invalid value (%s) at index %d in table for 'concat'", v.Type(), k))
		}
		if k < j {
			b = AppendChecked(L, b, sep)
		}
	}
	L.Push(StringOf(b))
	return 1
}
