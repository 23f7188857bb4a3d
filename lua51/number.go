package lua51

import (
	"math"
	"math/bits"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1 reads a string as a number with C's strtod (luaO_str2d): white
// space around a decimal or hexadecimal numeral, inf or nan, the string
// ending at its first NUL; tonumber with a base other than 10 reads with
// strtoul. gopher-lua reads with Go's strconv, which takes "1_000" and
// refuses "1e5" in tonumber, and whose errors keep a copy of their whole
// input: `x + 1` of a 128 MiB string copied it three times in one Go call.
// Here every string is read without a copy: a numeral longer than
// maxNumeral is first shortened to one that reads as the same number.

// cSpaces are the characters C's isspace takes.
const cSpaces = " \t\n\v\f\r"

// maxDigits is how many significant digits a shortened numeral keeps: Go's
// strconv reads no more (it keeps 800 decimal digits, 16 hexadecimal
// ones), and whether any later digit is not zero.
const maxDigits = 800

// maxNumeral is the longest numeral strconv is given as it is: one with
// more digits before its point than strconv keeps, and none written, may
// have its point misplaced (when strconv's fast path cannot decide).
const maxNumeral = maxDigits

// ArithNumber is v as Lua 5.1's arithmetic reads it (luaV_tonumber): a
// number, or a string that reads as one.
func ArithNumber(v lua.LValue) (lua.LNumber, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return x, true
	case lua.LString:
		f, ok := str2number(string(x))
		return lua.LNumber(f), ok
	}
	return 0, false
}

// str2number is luaO_str2d with glibc's strtod: decimal or hexadecimal,
// inf and nan, surrounded by white space; the string ends at a NUL.
func str2number(s string) (float64, bool) {
	if k := strings.IndexByte(s, 0); k >= 0 {
		s = s[:k]
	}
	s = strings.Trim(s, cSpaces)
	if len(s) > maxNumeral {
		var ok bool
		if s, ok = shortNumeral(s); !ok {
			return 0, false
		}
	}
	if s == "" {
		return 0, false
	}
	body := s
	if body[0] == '+' || body[0] == '-' {
		body = body[1:]
	}
	if isNaNNumeral(body) { // Go's strconv takes no sign before nan, nor nan(...)
		if s[0] == '-' {
			return x86NaN, true
		}
		return math.NaN(), true
	}
	if strings.IndexByte(s, '_') >= 0 {
		return 0, false
	}
	if len(body) > 2 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X') &&
		strings.IndexAny(body, "pP") < 0 {
		s += "p0" // Go requires a binary exponent on hexadecimal floats
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); !ok || ne.Err != strconv.ErrRange {
			return 0, false
		}
	}
	return f, true
}

// isNaNNumeral reports whether s is glibc strtod's nan, any case, with
// or without a parenthesized run of letters, digits and underscores.
func isNaNNumeral(s string) bool {
	if len(s) < 3 || !strings.EqualFold(s[:3], "nan") {
		return false
	}
	rest := s[3:]
	if rest == "" {
		return true
	}
	if len(rest) < 2 || rest[0] != '(' || rest[len(rest)-1] != ')' {
		return false
	}
	for _, c := range []byte(rest[1 : len(rest)-1]) {
		if digitValue(c) >= 36 && c != '_' {
			return false
		}
	}
	return true
}

// shortNumeral is a numeral of at most about 830 characters that reads as
// the same number as s, a longer numeral without surrounding spaces, or
// false when s is not one: its sign, its first maxDigits significant
// digits after "0.", a 1 when a later digit is not zero, and the exponent
// that puts the point back.
func shortNumeral(s string) (string, bool) {
	out := make([]byte, 0, maxDigits+40)
	if s[0] == '+' || s[0] == '-' {
		out = append(out, s[0])
		s = s[1:]
	}
	hex := len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
	exponent, digitBits := byte('e'), int64(1) // a digit moves the point one place
	if hex {
		s = s[2:]
		out = append(out, "0x"...)
		exponent, digitBits = 'p', 4
	}
	out = append(out, "0."...)
	base := 10
	if hex {
		base = 16
	}
	var (
		i, kept      int
		seen, point  bool
		droppedDigit bool
		places       int64 // where the point goes among the kept digits
	)
	for { // runs of digits, the point between them
		end := digitsEnd(s, i, base)
		run := s[i:end]
		seen = seen || run != ""
		if kept == 0 { // leading zeros
			digits := strings.TrimLeft(run, "0")
			if point {
				places -= int64(len(run) - len(digits))
			}
			run = digits
		}
		if !point {
			places += int64(len(run))
		}
		take := min(len(run), maxDigits-kept)
		out = append(out, run[:take]...)
		kept += take
		droppedDigit = droppedDigit || strings.TrimLeft(run[take:], "0") != ""
		i = end
		if i < len(s) && s[i] == '.' && !point {
			point = true
			i++
			continue
		}
		break
	}
	if !seen {
		return "", false
	}
	if droppedDigit {
		out = append(out, '1')
	}
	var written int64
	if i < len(s) && s[i]|0x20 == exponent {
		i++
		negative := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			negative = s[i] == '-'
			i++
		}
		start := i
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
			if written < 1<<40 { // past any string's length: the result is 0 or inf
				written = written*10 + int64(s[i]-'0')
			}
		}
		if i == start {
			return "", false
		}
		if negative {
			written = -written
		}
	}
	if i != len(s) {
		return "", false
	}
	out = append(out, exponent)
	return string(strconv.AppendInt(out, places*digitBits+written, 10)), true
}

// digitsEnd is the end of the run of digits of the base from s[i].
func digitsEnd(s string, i, base int) int {
	if base == 10 {
		for i < len(s) && s[i]-'0' < 10 {
			i++
		}
		return i
	}
	for i < len(s) && digitValue(s[i]) < base {
		i++
	}
	return i
}

// digitValue is c as a digit of any base up to 36, or 36 or more when it
// is not one.
func digitValue(c byte) int {
	switch {
	case '0' <= c && c <= '9':
		return int(c - '0')
	case 'a' <= c && c <= 'z':
		return int(c-'a') + 10
	case 'A' <= c && c <= 'Z':
		return int(c-'A') + 10
	}
	return 36
}

// strtoul is glibc's strtoul(s, &end, base) on a 64-bit long, as Lua 5.1's
// tonumber uses it: white space, a sign, 0x before base 16 digits; a
// negative number wraps, one past the range is ULONG_MAX. ok reports
// that a digit was read and only white space follows.
func strtoul(s string, base int) (n uint64, ok bool) {
	if k := strings.IndexByte(s, 0); k >= 0 {
		s = s[:k]
	}
	s = strings.TrimLeft(s, cSpaces)
	negative := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		negative = s[0] == '-'
		s = s[1:]
	}
	if base == 16 && len(s) > 2 && s[0] == '0' && s[1]|0x20 == 'x' && digitValue(s[2]) < 16 {
		s = s[2:]
	}
	i, overflow := 0, false
	for ; i < len(s); i++ {
		d := digitValue(s[i])
		if d >= base {
			break
		}
		hi, lo := mulAdd(n, uint64(base), uint64(d))
		overflow = overflow || hi != 0
		n = lo
	}
	if i == 0 || strings.TrimLeft(s[i:], cSpaces) != "" {
		return 0, false
	}
	switch {
	case overflow:
		return ^uint64(0), true
	case negative:
		return -n, true
	}
	return n, true
}

// mulAdd is n*m + d as a 128-bit number's high and low halves.
func mulAdd(n, m, d uint64) (hi, lo uint64) {
	hi, lo = bits.Mul64(n, m)
	lo += d
	if lo < d {
		hi++
	}
	return hi, lo
}

// baseToNumber is Lua 5.1's tonumber(e [, base]): base 10 reads e as
// arithmetic does; another base, from 2 to 36, reads e as a string of that
// base's digits (strtoul).
func baseToNumber(L *lua.LState) int {
	base := 10
	if L.Get(2) != lua.LNil {
		base = int(int32(cLong(fmtCheckNumber(L, 2)))) // luaL_optint: (int)(long)
	}
	if base == 10 {
		if L.GetTop() < 1 {
			fmtArgError(L, 1, "value expected")
		}
		if n, ok := ArithNumber(L.Get(1)); ok {
			L.Push(n)
		} else {
			L.Push(lua.LNil)
		}
		return 1
	}
	s := fmtCheckString(L, 1)
	if base < 2 || base > 36 {
		fmtArgError(L, 2, "base out of range")
	}
	if n, ok := strtoul(s, base); ok {
		L.Push(lua.LNumber(float64(n)))
	} else {
		L.Push(lua.LNil)
	}
	return 1
}

// baseSelect is Lua 5.1's select(n, ...): a string starting with '#'
// counts, a numeric string is an index (gopher-lua refused every string
// but "#", quoting it whole).
func baseSelect(L *lua.LState) int {
	n := L.GetTop()
	if s, ok := L.Get(1).(lua.LString); ok && s != "" && s[0] == '#' {
		L.Push(lua.LNumber(n - 1))
		return 1
	}
	i := int(int32(cLong(fmtCheckNumber(L, 1))))
	switch {
	case i < 0:
		i += n
	case i > n:
		i = n
	}
	if i < 1 {
		fmtArgError(L, 1, "index out of range")
	}
	return n - i
}

// CheckNumber is luaL_checknumber: argument n as a number, a string that
// reads as one included (without a copy, whatever its length), or Lua
// 5.1's argument error.
func CheckNumber(L *lua.LState, n int) lua.LNumber { return lua.LNumber(fmtCheckNumber(L, n)) }
