// Package lua51 gives a gopher-lua state Lua 5.1's behaviour where
// gopher-lua's library differs from it: string.format, table.concat,
// tostring of numbers ("%.14g"), math.huge, and the pattern functions
// string.find, match, gmatch and gsub, whose matcher also stops when the
// state's context is done (gopher-lua's cannot be interrupted). Install
// also guards the library functions that can build a large result in one
// call (string.rep, string.format, table.concat, string.gsub), so that they
// refuse a result larger than a ceiling before allocating it.
package lua51

import (
	"fmt"
	"math"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Options configure Install.
type Options struct {
	// Ceiling is the largest result, in bytes, one call of a string
	// function may build; 0 means no ceiling. A Go program asking for more
	// memory than the machine has ends, so a host gives at least the
	// machine's memory.
	Ceiling int64
	// CeilingName names the ceiling in the error of a refused call ("the
	// memory limit").
	CeilingName string
	// Room, when set, tells whether size more bytes fit in what the
	// memory limit leaves; the functions that copy a whole string
	// (string.upper, string.lower) ask it before a large copy.
	Room func(size int64) bool
	// Refused, when set, is given the message of each error raised
	// because a result would pass the ceiling or what Room leaves, as
	// raised (with its position), just before it is raised: a host tells
	// those errors from the others by it, while scripts see Lua's usual
	// string.
	Refused func(msg lua.LString)
	// MaxResults is the most values one call may return: the size the
	// state's value stack may grow to (lua.Options.RegistryMaxSize).
	// string.byte refuses more, as it refuses more than Lua 5.1's C stack
	// holds (MaxCStack). 0 means 1<<20.
	MaxResults int
}

// Install replaces gopher-lua's string.format, string.find, match, gmatch,
// gsub, upper, lower, len, reverse, sub, byte and char, table.concat,
// table.sort, select, setmetatable, tonumber, tostring, the math library
// and the strings' metatable in L's globals with Lua 5.1's, and guards the
// functions that can allocate a large result at once. It also gives
// os.time and coroutine.create, resume and status Lua 5.1's checks, writes
// numbers to files as Lua 5.1 does, and puts back table.setn (an error).
func Install(L *lua.LState, opts Options) {
	c := &ceiling{limit: opts.Ceiling, what: opts.CeilingName, room: opts.Room, refused: opts.Refused}
	if c.limit <= 0 {
		c.limit, c.what = math.MaxInt64, "the largest string"
	}
	maxResults := opts.MaxResults
	if maxResults <= 0 {
		maxResults = 1 << 20
	}
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		str.RawSetString("len", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LNumber(len(fmtCheckString(L, 1))))
			return 1
		}))
		str.RawSetString("sub", L.NewFunction(strSub))
		str.RawSetString("byte", L.NewFunction(strByteWithin(maxResults)))
		str.RawSetString("char", L.NewFunction(strChar))
		str.RawSetString("format", L.NewFunction(strFormat))
		str.RawSetString("find", L.NewFunction(strFind))
		str.RawSetString("match", L.NewFunction(strMatch))
		str.RawSetString("gmatch", L.NewFunction(strGmatch))
		str.RawSetString("gsub", L.NewFunction(gsubWithin(c)))
		str.RawSetString("upper", L.NewFunction(mapBytes("string.upper", 'a', 'z', 'A'-'a', c)))
		str.RawSetString("lower", L.NewFunction(mapBytes("string.lower", 'A', 'Z', 'a'-'A', c)))
	}
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		tbl.RawSetString("setn", L.NewFunction(tableSetn))
		tbl.RawSetString("concat", L.NewFunction(tableConcat))
		tbl.RawSetString("sort", L.NewFunction(tableSort))
	}
	if m, ok := L.GetGlobal("math").(*lua.LTable); ok {
		installMath(L, m)
	}
	L.SetGlobal("setmetatable", L.NewFunction(baseSetMetatable))
	separateStringMetatable(L)
	L.SetGlobal("tonumber", L.NewFunction(baseToNumber))
	L.SetGlobal("select", L.NewFunction(baseSelect))
	L.SetGlobal("tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(ToString(L, L.CheckAny(1))))
		return 1
	}))
	guardAllocations(L, c)
	guardFarKeys(L, c)
	L.SetGlobal("next", L.NewFunction(baseNext))
	guardModule(L)
	guardOSTime(L)
	guardCoroutines(L)
	guardFileWrite(L)
}

// NumberString formats a Lua number as Lua 5.1 does ("%.14g"):
// gopher-lua's own formatting prints boot times as 1.79560625889e+09 and
// 1/3 with 16 digits.
func NumberString(n lua.LNumber) string {
	var buf [32]byte
	return string(appendNumber(buf[:0], float64(n)))
}

// ToString is Lua's tostring: numbers as Lua 5.1 formats them, other
// values through their __tostring.
func ToString(L *lua.LState, v lua.LValue) string {
	if n, ok := v.(lua.LNumber); ok {
		return NumberString(n)
	}
	return L.ToStringMeta(v).String()
}

// Shown is a script's string as a message quotes it: a key or a name may
// be any length, and past 200 bytes only those are shown, then "...".
func Shown(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}

// TooBigError is the error of a string function (or operator) fn whose
// result of n bytes would pass the ceiling limit (named what).
func TooBigError(fn string, n int64, limit int64, what string) string {
	return fmt.Sprintf("%s: result of %d bytes exceeds %s (%d bytes)", fn, n, what, limit)
}

// ceiling is the largest result one call may build, and how a refusal is
// raised.
type ceiling struct {
	limit   int64
	what    string // names limit in errors
	room    func(size int64) bool
	refused func(msg lua.LString)
}

// refuse raises the error of fn, whose result of n bytes would pass the
// ceiling.
func (c *ceiling) refuse(L *lua.LState, fn string, n int64) {
	RaiseTooBig(L, TooBigError(fn, n, c.limit, c.what), c.refused)
}

// needRoom raises the refusal of a result when size more bytes do not fit
// what the memory limit leaves; the result is named by format and args
// ("string.rep: result of 123 bytes").
func (c *ceiling) needRoom(L *lua.LState, size int64, format string, args ...any) {
	if c.room != nil && !c.room(size) {
		RaiseTooBig(L, fmt.Sprintf(format, args...)+" exceeds what the memory limit leaves", c.refused)
	}
}

// CheckGrowth is for a Go function fn that builds a long result a piece
// at a time (os.date, time.strftime, json.encode, table.concat), to call
// every so often with the size built so far: it raises the run's time
// limit once L's context is done, and the refusal of the result once its
// size passes the state's ceiling or what Room leaves (the next piece may
// double it); a size of 0 asks only the time limit.
func CheckGrowth(L *lua.LState, fn string, size int) {
	if ctx := L.Context(); ctx != nil {
		select {
		case <-ctx.Done():
			L.RaiseError("%s", ctx.Err().Error())
		default:
		}
	}
	if size <= 0 {
		return // no registry lookup: callers ask the time at every call
	}
	c := stateCeiling(L)
	if c == nil {
		return
	}
	if int64(size) > c.limit {
		c.refuse(L, fn, int64(size))
	}
	c.needRoom(L, int64(size), "%s: result of more than %d bytes", fn, size)
}

// RaiseTooBig raises msg, the error of a result refused for its size, as
// Raise does, after giving refused (when set) the message as raised.
func RaiseTooBig(L *lua.LState, msg string, refused func(lua.LString)) {
	RaiseTooBigAt(L, 1, msg, refused)
}

// RaiseTooBigAt is RaiseTooBig for a refusal by the function at level of
// the stack (0: an instruction of the Lua function running).
func RaiseTooBigAt(L *lua.LState, level int, msg string, refused func(lua.LString)) {
	m := lua.LString(WhereAt(L, level) + msg)
	if refused != nil {
		refused(m)
	}
	L.Error(m, 0)
}

// wrapG replaces the Go function t[name] with fn, which is given the
// function it replaces to call in its own frame, not through L.Call: its
// errors then name it and the line of the script that called it. A
// function written in Lua is left alone.
func wrapG(L *lua.LState, t *lua.LTable, name string, fn func(L *lua.LState, g lua.LGFunction) int) {
	orig, ok := t.RawGetString(name).(*lua.LFunction)
	if !ok || !orig.IsG {
		return
	}
	g := orig.GFunction
	t.RawSetString(name, L.NewFunction(func(L *lua.LState) int { return fn(L, g) }))
}

// guardAllocations makes the library functions that can build a large
// result in one call refuse one larger than the ceiling before they
// allocate it: a watchdog only stops a script between instructions.
// string.gsub checks its result as it builds it (pattern.go). The guards
// look only at well-formed arguments, and leave the function itself to
// report bad ones.
func guardAllocations(L *lua.LState, c *ceiling) {
	limit := c.limit
	wrap := func(t *lua.LTable, name string, check func(L *lua.LState)) {
		wrapG(L, t, name, func(L *lua.LState, g lua.LGFunction) int {
			check(L)
			return g(L)
		})
	}
	if str, ok := L.GetGlobal("string").(*lua.LTable); ok {
		// Lua 5.1's string.rep (a number as the string, a numeric string
		// as the count, the count cut to a C int as luaL_checkint cuts
		// it); a large result is built a chunk at a time (build.go).
		wrapG(L, str, "rep", func(L *lua.LState, g lua.LGFunction) int {
			var s string
			switch v := L.Get(1).(type) {
			case lua.LString:
				s = string(v)
			case lua.LNumber:
				s = NumberString(v)
			default:
				return g(L) // its argument error
			}
			n, ok := ArithNumber(L.Get(2))
			if !ok {
				return g(L)
			}
			count := int64(int32(cLong(float64(n))))
			if count <= 0 || s == "" {
				L.Push(lua.LString(""))
				return 1
			}
			if f := float64(len(s)) * float64(count); f > float64(limit) {
				c.refuse(L, "string.rep", int64(min(f, math.MaxInt64)))
			}
			size := int64(len(s)) * count // at most limit
			if size < 1<<20 {
				L.Push(lua.LString(strings.Repeat(s, int(count))))
				return 1
			}
			c.needRoom(L, size, "string.rep: result of %d bytes", size)
			L.Push(repeatChecked(L, s, int(count)))
			return 1
		})
		str.RawSetString("reverse", L.NewFunction(func(L *lua.LState) int {
			s := fmtCheckString(L, 1)
			if len(s) >= 1<<20 {
				c.needRoom(L, int64(len(s)), "string.reverse: result of %d bytes", len(s))
			}
			L.Push(reverseChecked(L, s))
			return 1
		}))
		wrap(str, "format", func(L *lua.LState) {
			// An item writes at most 99 characters (two digits of width
			// or precision), or the string %s copies, or %q's quoted
			// string: up to 4 bytes for each (\000 for a zero byte).
			f, ok := L.Get(1).(lua.LString)
			if !ok {
				return
			}
			perByte := int64(1)
			if strings.Contains(string(f), "q") {
				perByte = 4
			}
			total := int64(len(f)) + 99*int64(strings.Count(string(f), "%"))
			for i := 2; i <= L.GetTop(); i++ {
				if s, ok := L.Get(i).(lua.LString); ok {
					total += perByte * int64(len(s))
				}
			}
			if total > limit {
				c.refuse(L, "string.format", total)
			}
			// The result is built, then copied into a string.
			if total >= 1<<20 {
				c.needRoom(L, 2*total, "string.format: result of up to %d bytes", total)
			}
		})
	}
	if tbl, ok := L.GetGlobal("table").(*lua.LTable); ok {
		wrap(tbl, "concat", func(L *lua.LState) {
			t, ok := L.Get(1).(*lua.LTable)
			if !ok {
				return
			}
			var sep int64
			switch s := L.Get(2).(type) {
			case lua.LString:
				sep = int64(len(s))
			case lua.LNumber:
				sep = int64(len(NumberString(s)))
			}
			first, last := int64(1), int64(t.Len())
			if n, ok := L.Get(3).(lua.LNumber); ok {
				first = int64(n)
			}
			if n, ok := L.Get(4).(lua.LNumber); ok {
				last = int64(n)
			}
			// Up to the first value that is not a string or a number,
			// where table.concat raises: never more than the table holds.
			var total int64
			for i := first; i <= last; i++ {
				switch v := t.RawGetInt(int(i)).(type) {
				case lua.LString:
					total += int64(len(v)) + sep
				case lua.LNumber:
					total += 24 + sep
				default:
					return
				}
				if total > limit {
					c.refuse(L, "table.concat", total)
				}
			}
		})
	}
}

// Raise raises msg as Lua 5.1's luaL_error does in a library function:
// with the position of the Lua code that called it, none when Go did.
func Raise(L *lua.LState, msg string) { fmtError(L, msg) }

// mapBytes is Lua 5.1's string.upper or string.lower in the C locale:
// byte by byte, ASCII letters only. gopher-lua's read the string as UTF-8,
// so each byte that is not valid UTF-8 became U+FFFD, three bytes, and
// "\195\169" (é) was changed.
func mapBytes(fn string, lo, hi byte, delta int, c *ceiling) lua.LGFunction {
	return func(L *lua.LState) int {
		s := fmtCheckString(L, 1)
		if len(s) >= 1<<20 {
			c.needRoom(L, int64(len(s)), "%s: result of %d bytes", fn, len(s))
		}
		b := make([]byte, len(s))
		for i := range len(s) {
			if i%bigChunk == bigChunk-1 {
				CheckGrowth(L, "", 0) // see build.go
			}
			if c := s[i]; c >= lo && c <= hi {
				b[i] = byte(int(c) + delta)
			} else {
				b[i] = c
			}
		}
		L.Push(StringOf(b))
		return 1
	}
}

// Mod is Lua 5.1's a % b (luai_nummod): a - floor(a/b)*b, never fused
// into one multiply-add, as C computes it.
func Mod(a, b lua.LNumber) lua.LNumber {
	x, y := float64(a), float64(b)
	return lua.LNumber(x - float64(math.Floor(x/y)*y))
}
