package lua51

import (
	"math"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// Lua 5.1's patterns (reference manual §5.4.1) for string.find, match,
// gmatch and gsub. gopher-lua's own matcher cannot be stopped: a pattern
// like ".-.-.-b" against a long subject runs for minutes past a run's time
// limit. This one looks at the run's context every few thousand steps. It
// also follows Lua 5.1 where gopher-lua differs (%f, a find starting past
// the end, the error messages, the 32 captures limit), and gmatch finds
// one match per call instead of all of them first.

const (
	patMaxCaptures = 32     // LUA_MAXCAPTURES
	patMaxDepth    = 150000 // nested items before "pattern too complex" (lua5.1 crashes near 200000)
	patCheckEvery  = 1 << 12
	patSpecials    = "^$*+?.([%-"
	capUnfinished  = -1
	capPosition    = -2
)

// patError is a pattern error in flight, raised as a Lua error where the
// string function returns.
type patError string

type patCapture struct{ init, len int }

type matchState struct {
	L       *lua.LState
	src     string
	pat     string
	level   int
	capture [patMaxCaptures]patCapture
	steps   int
	depth   int
}

func (ms *matchState) fail(msg string) { panic(patError(msg)) }

// tick counts a step, and every patCheckEvery steps stops the match if the
// run's context is done.
func (ms *matchState) tick() {
	ms.steps++
	if ms.steps%patCheckEvery != 0 {
		return
	}
	if ctx := ms.L.Context(); ctx != nil {
		select {
		case <-ctx.Done():
			ms.fail(ctx.Err().Error())
		default:
		}
	}
}

// classEnd is the index just past the single-character class at p.
func (ms *matchState) classEnd(p int) int {
	pat := ms.pat
	c := pat[p]
	p++
	switch c {
	case '%':
		if p >= len(pat) {
			ms.fail("malformed pattern (ends with '%')")
		}
		return p + 1
	case '[':
		if p < len(pat) && pat[p] == '^' {
			p++
		}
		for { // the first character is never the closing ']'
			if p >= len(pat) {
				ms.fail("malformed pattern (missing ']')")
			}
			c := pat[p]
			p++
			if c == '%' && p < len(pat) {
				p++
			}
			if p < len(pat) && pat[p] == ']' {
				return p + 1
			}
		}
	}
	return p
}

// classMatches is %a, %d, ... (class letter cl) in the C locale; a
// letter that names no class matches itself.
func classMatches(c byte, cl byte) bool {
	var res bool
	switch cl | 0x20 {
	case 'a':
		res = isAlpha(c)
	case 'c':
		res = c < 32 || c == 127
	case 'd':
		res = c >= '0' && c <= '9'
	case 'l':
		res = c >= 'a' && c <= 'z'
	case 'p':
		res = c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9')
	case 's':
		res = c == ' ' || (c >= '\t' && c <= '\r')
	case 'u':
		res = c >= 'A' && c <= 'Z'
	case 'w':
		res = isAlpha(c) || (c >= '0' && c <= '9')
	case 'x':
		res = (c >= '0' && c <= '9') || (c|0x20 >= 'a' && c|0x20 <= 'f')
	case 'z':
		res = c == 0
	default:
		return cl == c
	}
	if cl >= 'A' && cl <= 'Z' {
		return !res
	}
	return res
}

func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

// setMatches is the set [...] from p (its '[') to ec (its ']').
func (ms *matchState) setMatches(c byte, p, ec int) bool {
	pat := ms.pat
	want := true
	if pat[p+1] == '^' {
		want = false
		p++
	}
	for p++; p < ec; p++ {
		switch {
		case pat[p] == '%':
			p++
			if classMatches(c, pat[p]) {
				return want
			}
		case pat[p+1] == '-' && p+2 < ec:
			if pat[p] <= c && c <= pat[p+2] {
				return want
			}
			p += 2
		case pat[p] == c:
			return want
		}
	}
	return !want
}

// singleMatches is whether subject byte c matches the class from p to ep.
func (ms *matchState) singleMatches(c byte, p, ep int) bool {
	switch ms.pat[p] {
	case '.':
		return true
	case '%':
		return classMatches(c, ms.pat[p+1])
	case '[':
		return ms.setMatches(c, p, ep-1)
	}
	return ms.pat[p] == c
}

// at is the subject byte at s, or 0 past its end, as C's terminator.
func (ms *matchState) at(s int) byte {
	if s < len(ms.src) {
		return ms.src[s]
	}
	return 0
}

// match matches the pattern from p against the subject from s: the end of
// the match, or -1.
func (ms *matchState) match(s, p int) int {
	ms.depth++
	if ms.depth > patMaxDepth {
		ms.fail("pattern too complex")
	}
	defer func() { ms.depth-- }()
	pat := ms.pat
	for {
		ms.tick()
		if p >= len(pat) {
			return s
		}
		switch pat[p] {
		case '(':
			if p+1 < len(pat) && pat[p+1] == ')' {
				return ms.startCapture(s, p+2, capPosition)
			}
			return ms.startCapture(s, p+1, capUnfinished)
		case ')':
			return ms.endCapture(s, p+1)
		case '$':
			if p+1 == len(pat) {
				if s == len(ms.src) {
					return s
				}
				return -1
			}
		case '%':
			if p+1 < len(pat) {
				switch c := pat[p+1]; {
				case c == 'b':
					if s = ms.matchBalance(s, p+2); s < 0 {
						return -1
					}
					p += 4
					continue
				case c == 'f':
					p += 2
					if p >= len(pat) || pat[p] != '[' {
						ms.fail("missing '[' after '%f' in pattern")
					}
					ep := ms.classEnd(p)
					var prev byte
					if s > 0 {
						prev = ms.src[s-1]
					}
					if ms.setMatches(prev, p, ep-1) || !ms.setMatches(ms.at(s), p, ep-1) {
						return -1
					}
					p = ep
					continue
				case c >= '0' && c <= '9':
					if s = ms.matchCapture(s, c); s < 0 {
						return -1
					}
					p += 2
					continue
				}
			}
		}
		// A single-character class, and what may follow it.
		ep := ms.classEnd(p)
		m := s < len(ms.src) && ms.singleMatches(ms.src[s], p, ep)
		var next byte
		if ep < len(pat) {
			next = pat[ep]
		}
		switch next {
		case '?':
			if m {
				if res := ms.match(s+1, ep+1); res >= 0 {
					return res
				}
			}
			p = ep + 1
			continue
		case '*':
			return ms.maxExpand(s, p, ep)
		case '+':
			if !m {
				return -1
			}
			return ms.maxExpand(s+1, p, ep)
		case '-':
			return ms.minExpand(s, p, ep)
		}
		if !m {
			return -1
		}
		s++
		p = ep
	}
}

func (ms *matchState) maxExpand(s, p, ep int) int {
	i := 0
	for s+i < len(ms.src) && ms.singleMatches(ms.src[s+i], p, ep) {
		ms.tick()
		i++
	}
	for ; i >= 0; i-- {
		if res := ms.match(s+i, ep+1); res >= 0 {
			return res
		}
	}
	return -1
}

func (ms *matchState) minExpand(s, p, ep int) int {
	for {
		if res := ms.match(s, ep+1); res >= 0 {
			return res
		}
		if s < len(ms.src) && ms.singleMatches(ms.src[s], p, ep) {
			s++
		} else {
			return -1
		}
	}
}

func (ms *matchState) startCapture(s, p, what int) int {
	if ms.level >= patMaxCaptures {
		ms.fail("too many captures")
	}
	ms.capture[ms.level] = patCapture{s, what}
	ms.level++
	res := ms.match(s, p)
	if res < 0 {
		ms.level--
	}
	return res
}

func (ms *matchState) endCapture(s, p int) int {
	l := -1
	for i := ms.level - 1; i >= 0; i-- {
		if ms.capture[i].len == capUnfinished {
			l = i
			break
		}
	}
	if l < 0 {
		ms.fail("invalid pattern capture")
	}
	ms.capture[l].len = s - ms.capture[l].init
	res := ms.match(s, p)
	if res < 0 {
		ms.capture[l].len = capUnfinished
	}
	return res
}

func (ms *matchState) matchBalance(s, p int) int {
	if p+1 >= len(ms.pat) {
		ms.fail("unbalanced pattern")
	}
	if s >= len(ms.src) || ms.src[s] != ms.pat[p] {
		return -1
	}
	open, close := ms.pat[p], ms.pat[p+1]
	depth := 1
	for s++; s < len(ms.src); s++ {
		ms.tick()
		switch ms.src[s] {
		case close:
			if depth--; depth == 0 {
				return s + 1
			}
		case open:
			depth++
		}
	}
	return -1
}

// matchCapture is a back reference %1-%9 (digit c).
func (ms *matchState) matchCapture(s int, c byte) int {
	l := int(c) - '1'
	if l < 0 || l >= ms.level || ms.capture[l].len == capUnfinished {
		ms.fail("invalid capture index")
	}
	if ms.capture[l].len == capPosition {
		return -1 // Lua 5.1 compares a huge length: never a match
	}
	capt := ms.src[ms.capture[l].init : ms.capture[l].init+ms.capture[l].len]
	if strings.HasPrefix(ms.src[s:], capt) {
		return s + len(capt)
	}
	return -1
}

// oneCapture is capture i of the match from s to e: the whole match when
// the pattern has no captures and i is 0.
func (ms *matchState) oneCapture(i, s, e int) lua.LValue {
	if i >= ms.level {
		if i != 0 {
			ms.fail("invalid capture index")
		}
		return lua.LString(ms.src[s:e])
	}
	c := ms.capture[i]
	switch c.len {
	case capUnfinished:
		ms.fail("unfinished capture")
	case capPosition:
		return lua.LNumber(c.init + 1)
	}
	return lua.LString(ms.src[c.init : c.init+c.len])
}

// pushCaptures pushes the captures, or the whole match (wholeOK) when there
// are none, and returns how many it pushed.
func (ms *matchState) pushCaptures(s, e int, wholeOK bool) int {
	n := ms.level
	if n == 0 && wholeOK {
		n = 1
	}
	for i := range n {
		ms.L.Push(ms.oneCapture(i, s, e))
	}
	return n
}

// patRun runs f, raising a pattern error it ends with as a Lua error of
// the string function.
func patRun(L *lua.LState, f func() int) int {
	var msg patError
	n := func() (n int) {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(patError)
				if !ok {
					if le, isLua := r.(*lua.ApiError); isLua {
						// A Lua error of a replacement function: raised
						// again as one, so that it does not read as a Go
						// panic in the VM.
						L.Error(le.Object, 0)
					}
					panic(r)
				}
				msg = e
			}
		}()
		return f()
	}()
	if msg != "" {
		fmtError(L, string(msg))
	}
	return n
}

// patAnchor tells where the pattern proper starts, after a '^' anchor.
func patAnchor(pat string) (p int, anchored bool) {
	if len(pat) > 0 && pat[0] == '^' {
		return 1, true
	}
	return 0, false
}

// optInteger is luaL_optinteger: def when the argument is absent or nil,
// else a number (or numeric string) truncated toward zero; NaN and what
// does not fit become the smallest integer, as the x86-64 conversion
// makes them.
func optInteger(L *lua.LState, arg int, def int64) int64 {
	if L.Get(arg) == lua.LNil {
		return def
	}
	f := fmtCheckNumber(L, arg)
	if f != f || f >= 1<<63 || f < -(1<<63) {
		return math.MinInt64
	}
	return int64(f)
}

// patBeforeNUL is the pattern as Lua 5.1's matcher reads it: a C string,
// up to its first NUL.
func patBeforeNUL(pat string) string {
	if i := strings.IndexByte(pat, 0); i >= 0 {
		return pat[:i]
	}
	return pat
}

// strFind is string.find(s, pattern [, init [, plain]]).
func strFind(L *lua.LState) int { return strFindAux(L, true) }

// strMatch is string.match(s, pattern [, init]).
func strMatch(L *lua.LState) int { return strFindAux(L, false) }

func strFindAux(L *lua.LState, find bool) int {
	s := fmtCheckString(L, 1)
	pat := fmtCheckString(L, 2)
	init := optInteger(L, 3, 1)
	if init < 0 {
		init += int64(len(s)) + 1
	}
	init--
	if init < 0 {
		init = 0
	} else if init > int64(len(s)) {
		init = int64(len(s))
	}
	start := int(init)
	// A plain find looks for the whole pattern; the matcher reads it as C.
	matched := patBeforeNUL(pat)
	if find && (lua.LVAsBool(L.Get(4)) || !strings.ContainsAny(matched, patSpecials)) {
		if i := strings.Index(s[start:], pat); i >= 0 {
			L.Push(lua.LNumber(start + i + 1))
			L.Push(lua.LNumber(start + i + len(pat)))
			return 2
		}
		L.Push(lua.LNil)
		return 1
	}
	return patRun(L, func() int {
		ms := &matchState{L: L, src: s, pat: matched}
		p, anchor := patAnchor(matched)
		for s1 := start; ; s1++ {
			ms.level = 0
			if e := ms.match(s1, p); e >= 0 {
				if find {
					L.Push(lua.LNumber(s1 + 1))
					L.Push(lua.LNumber(e))
					return ms.pushCaptures(0, 0, false) + 2
				}
				return ms.pushCaptures(s1, e, true)
			}
			if s1 >= len(s) || anchor {
				break
			}
		}
		L.Push(lua.LNil)
		return 1
	})
}

// strGmatch is string.gmatch(s, pattern): an iterator over the matches,
// each found when the iterator is called. As in Lua 5.1, '^' is not an
// anchor here.
func strGmatch(L *lua.LState) int {
	s := fmtCheckString(L, 1)
	pat := patBeforeNUL(fmtCheckString(L, 2))
	pos := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		return patRun(L, func() int {
			ms := &matchState{L: L, src: s, pat: pat}
			for src := pos; src <= len(s); src++ {
				ms.level = 0
				if e := ms.match(src, 0); e >= 0 {
					pos = e
					if e == src {
						pos++ // an empty match: go on from the next position
					}
					return ms.pushCaptures(src, e, true)
				}
			}
			pos = len(s) + 1
			return 0
		})
	}))
	return 1
}

// gsubOut is gsub's result as it is built, refused past the allocation
// ceiling: a replacement from a table or a function can be any size.
type gsubOut struct {
	buf   []byte
	ms    *matchState
	limit *ceiling
}

func (o *gsubOut) room(n int) {
	if size := int64(len(o.buf)) + int64(n); size > o.limit.limit {
		// A Lua error: patRun raises it again as it is.
		o.limit.refuse(o.ms.L, "string.gsub", size)
	}
}

func (o *gsubOut) add(s string) {
	o.room(len(s))
	o.buf = AppendChecked(o.ms.L, o.buf, s)
}

func (o *gsubOut) addByte(c byte) {
	o.room(1)
	if len(o.buf) == cap(o.buf) && len(o.buf) >= bigChunk {
		o.buf = GrowChecked(o.ms.L, o.buf, 1) // not one long copy
	}
	o.buf = append(o.buf, c)
}

// gsubWithin is string.gsub(s, pattern, repl [, n]), with results up to
// the ceiling's size.
func gsubWithin(limit *ceiling) lua.LGFunction {
	return func(L *lua.LState) int { return strGsub(L, limit) }
}

func strGsub(L *lua.LState, limit *ceiling) int {
	s := fmtCheckString(L, 1)
	pat := patBeforeNUL(fmtCheckString(L, 2))
	repl := L.Get(3)
	maxN := int64(int32(optInteger(L, 4, int64(len(s))+1))) // luaL_optint: a C int
	switch repl.(type) {
	case lua.LNumber, lua.LString, *lua.LTable, *lua.LFunction:
	default:
		fmtArgError(L, 3, "string/function/table expected")
	}
	return patRun(L, func() int {
		ms := &matchState{L: L, src: s, pat: pat}
		p, anchor := patAnchor(pat)
		b := &gsubOut{ms: ms, limit: limit}
		src, n := 0, int64(0)
		for n < maxN {
			ms.level = 0
			e := ms.match(src, p)
			if e >= 0 {
				n++
				ms.addValue(b, repl, src, e)
			}
			switch {
			case e > src:
				src = e
			case src < len(s):
				b.addByte(s[src])
				src++
			default:
				src = len(s) + 1
			}
			if src > len(s) || anchor {
				break
			}
		}
		if src < len(s) {
			b.add(s[src:])
		}
		L.Push(StringOf(b.buf))
		L.Push(lua.LNumber(n))
		return 2
	})
}

// addValue appends the replacement of the match from s to e.
func (ms *matchState) addValue(b *gsubOut, repl lua.LValue, s, e int) {
	L := ms.L
	var v lua.LValue
	switch r := repl.(type) {
	case lua.LString:
		ms.addString(b, string(r), s, e)
		return
	case lua.LNumber:
		ms.addString(b, string(appendNumber(nil, float64(r))), s, e)
		return
	case *lua.LFunction:
		// The function, or the table's __index, may be a Go function that
		// runs no instruction, once a match.
		CheckGrowth(L, "string.gsub", 0)
		top := L.GetTop()
		L.Push(r)
		n := ms.pushCaptures(s, e, true)
		L.Call(n, 1)
		v = L.Get(-1)
		L.SetTop(top)
	case *lua.LTable:
		CheckGrowth(L, "string.gsub", 0)
		v = L.GetTable(r, ms.oneCapture(0, s, e))
	}
	switch x := v.(type) {
	case *lua.LNilType:
		b.add(ms.src[s:e])
	case lua.LBool:
		if !x {
			b.add(ms.src[s:e])
		} else {
			ms.fail("invalid replacement value (a boolean)")
		}
	case lua.LString:
		b.add(string(x))
	case lua.LNumber:
		b.add(string(appendNumber(nil, float64(x))))
	default:
		ms.fail("invalid replacement value (a " + v.Type().String() + ")")
	}
}

// addString appends a replacement string: %0 is the whole match, %1-%9 a
// capture, % before anything else that character (a '%' at the end adds
// the NUL that ends C's string, as Lua 5.1 does).
func (ms *matchState) addString(b *gsubOut, repl string, s, e int) {
	for {
		i := strings.IndexByte(repl, '%')
		if i < 0 {
			b.add(repl)
			return
		}
		b.add(repl[:i])
		if i+1 == len(repl) {
			b.addByte(0)
			return
		}
		switch c := repl[i+1]; {
		case c == '0':
			b.add(ms.src[s:e])
		case c >= '1' && c <= '9':
			switch v := ms.oneCapture(int(c-'1'), s, e).(type) {
			case lua.LString:
				b.add(string(v))
			case lua.LNumber:
				b.add(strconv.Itoa(int(v)))
			}
		default:
			b.addByte(c)
		}
		repl = repl[i+2:]
	}
}
