package lua51

import (
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// The functions that build one large string in one call (string.rep,
// upper, lower, reverse, format and gsub, table.concat, json.encode, and
// the engine's '..') copy it a chunk at a time and look at the run's time limit in
// between: writing fresh memory costs a page fault every 4 KiB, and one
// string.rep of 128 MiB took 0.7 s on this 2-core machine, past where a
// limit checked between instructions could stop it.

// bigChunk is how much such a function copies between looks at the time
// limit.
const bigChunk = 4 << 20

// AppendChecked is append(b, s...) for a result that may grow large:
// past bigChunk, it grows b (by a quarter, as append grows a large
// slice, or by len(s)) and copies a chunk at a time, raising the run's
// time limit each time the result passes a multiple of bigChunk.
func AppendChecked(L *lua.LState, b []byte, s string) []byte {
	if len(b)+len(s) < bigChunk {
		return append(b, s...)
	}
	b = GrowChecked(L, b, len(s))
	for len(s) > 0 {
		n := min(len(s), bigChunk-len(b)%bigChunk)
		b = append(b, s[:n]...)
		s = s[n:]
		if len(b)%bigChunk == 0 {
			CheckGrowth(L, "", 0)
		}
	}
	return b
}

// GrowChecked returns b with room for n more bytes: grown, when it must
// be, by a quarter or by n, and copied a chunk at a time, raising the
// run's time limit between chunks.
func GrowChecked(L *lua.LState, b []byte, n int) []byte {
	if n <= cap(b)-len(b) {
		return b
	}
	grown := make([]byte, len(b), len(b)+max(n, len(b)/4))
	copyChecked(L, grown, b, bigChunk)
	return grown
}

// copyChecked is copy(dst, src), chunk elements at a time, raising the
// run's time limit between chunks.
func copyChecked[E any](L *lua.LState, dst, src []E, chunk int) int {
	n := min(len(dst), len(src))
	for done := 0; done < n; done += chunk {
		if done > 0 {
			CheckGrowth(L, "", 0)
		}
		copy(dst[done:n], src[done:min(n, done+chunk)])
	}
	return n
}

// StringOf is b as a Lua string without copying it: b must not change
// afterwards.
func StringOf(b []byte) lua.LString {
	return lua.LString(unsafe.String(unsafe.SliceData(b), len(b)))
}

// repeatChecked is string.rep(s, n) of a large result (n > 0): s, then
// copies of what is built, each doubling it.
func repeatChecked(L *lua.LState, s string, n int) lua.LString {
	out := make([]byte, len(s)*n)
	done := copyChecked(L, out, unsafe.Slice(unsafe.StringData(s), len(s)), bigChunk)
	for done < len(out) {
		CheckGrowth(L, "", 0)
		done += copyChecked(L, out[done:], out[:done], bigChunk)
	}
	return StringOf(out)
}

// reverseChecked is string.reverse(s) for a large s.
func reverseChecked(L *lua.LState, s string) lua.LString {
	out := make([]byte, len(s))
	for i := range out {
		if i%bigChunk == bigChunk-1 {
			CheckGrowth(L, "", 0)
		}
		out[i] = s[len(s)-1-i]
	}
	return StringOf(out)
}

// Prefixed is prefix .. s for Go code that puts a short prefix (an error's
// position) before a string a script made: a large result is refused past
// the ceiling or what the memory limit leaves, as fn's, and built a chunk
// at a time.
func Prefixed(L *lua.LState, fn, prefix, s string) lua.LString {
	size := len(prefix) + len(s)
	if size < bigChunk {
		return lua.LString(prefix + s)
	}
	CheckGrowth(L, fn, size)
	b := AppendChecked(L, make([]byte, 0, size), prefix)
	return StringOf(AppendChecked(L, b, s))
}
