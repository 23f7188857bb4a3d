package lua51

import (
	"context"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// TestFarKeysStopWithTheContext: growing an array to a far key copies
// and fills millions of slots, which takes long enough (longer while the
// collector runs) to look at the context between chunks; the table is
// left as it was.
func TestFarKeysStopWithTheContext(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	tb := L.NewTable()
	arr := make([]lua.LValue, 3*farChunk, 8*farChunk)
	for i := range arr {
		arr[i] = lua.LNumber(i + 1)
	}
	*tableArray(tb) = arr
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	for _, key := range []int{16 * farChunk, 7 * farChunk} { // a new array, then the array grown in place
		err := L.CallByParam(lua.P{Fn: L.GetGlobal("rawset"), Protect: true}, tb, lua.LNumber(key), lua.LTrue)
		if err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Errorf("rawset(t, %d, true): error %v, want the context's", key, err)
		}
		if n := tb.Len(); n != 3*farChunk {
			t.Errorf("after rawset(t, %d, true) was stopped, #t = %d, want %d", key, n, 3*farChunk)
		}
	}
}

// TestLargeResultsStopWithTheContext: the functions that build one large
// string look at the context between chunks (build.go): each, called
// from Go (no instruction of Lua looks at the context first), builds the
// right result while the context is not done, and stops with its error
// once it is.
func TestLargeResultsStopWithTheContext(t *testing.T) {
	big := lua.LString(strings.Repeat("ab\000", bigChunk)) // three chunks
	cases := []struct {
		lib, fn string
		args    func(L *lua.LState) []lua.LValue
		want    string
	}{
		{"string", "rep", func(*lua.LState) []lua.LValue { return []lua.LValue{big, lua.LNumber(2)} }, string(big + big)},
		{"string", "rep", func(*lua.LState) []lua.LValue { return []lua.LValue{lua.LString("x"), lua.LNumber(3 * bigChunk)} }, strings.Repeat("x", 3*bigChunk)},
		{"string", "upper", func(*lua.LState) []lua.LValue { return []lua.LValue{big} }, strings.ToUpper(string(big))},
		{"string", "lower", func(*lua.LState) []lua.LValue { return []lua.LValue{big} }, string(big)},
		{"string", "reverse", func(*lua.LState) []lua.LValue { return []lua.LValue{big} }, strings.Repeat("\000ba", bigChunk)},
		{"table", "concat", func(L *lua.LState) []lua.LValue {
			t := L.NewTable()
			t.Append(big)
			t.Append(big)
			return []lua.LValue{t, lua.LString("-")}
		}, string(big + "-" + big)},
		{"string", "format", func(*lua.LState) []lua.LValue { return []lua.LValue{lua.LString("%s|%s"), big, big} }, string(big + "|" + big)},
		{"string", "format", func(*lua.LState) []lua.LValue { return []lua.LValue{lua.LString("%5s%s"), lua.LString(""), big} }, string("     " + big)},
		{"string", "format", func(*lua.LState) []lua.LValue { return []lua.LValue{lua.LString("%q"), big} }, `"` + strings.Repeat(`ab\000`, bigChunk) + `"`},
		{"string", "gsub", func(*lua.LState) []lua.LValue { return []lua.LValue{big, lua.LString("^.*$"), lua.LString("%0%0")} }, string(big + big)},
		{"", "Prefixed", func(*lua.LState) []lua.LValue { return []lua.LValue{big} }, "here: " + string(big)},
	}
	for _, c := range cases {
		L := lua.NewState()
		Install(L, Options{})
		var fn lua.LValue
		if c.lib != "" {
			fn = L.GetField(L.GetGlobal(c.lib), c.fn)
		} else { // a Go function of this package
			fn = L.NewFunction(func(L *lua.LState) int {
				L.Push(Prefixed(L, "error", "here: ", L.CheckString(1)))
				return 1
			})
		}
		if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, c.args(L)...); err != nil {
			t.Errorf("%s.%s: %v", c.lib, c.fn, err)
		} else if got := L.Get(-1).String(); got != c.want {
			t.Errorf("%s.%s: %d bytes, not the %d expected", c.lib, c.fn, len(got), len(c.want))
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		L.SetContext(ctx)
		err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}, c.args(L)...)
		if err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Errorf("%s.%s: error %v, want the context's", c.lib, c.fn, err)
		}
		L.Close()
	}
}

// TestModuleStopsWithTheContext: module's walk over a dotted name looks
// at the context every moduleCheckEvery parts (gopher-lua's made a table
// per dot in one call).
func TestModuleStopsWithTheContext(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	name := lua.LString(strings.Repeat("a.", 4*moduleCheckEvery) + "a")
	err := L.CallByParam(lua.P{Fn: L.GetGlobal("module"), Protect: true}, name)
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("module of %d parts: error %v, want the context's", 4*moduleCheckEvery+1, err)
	}
}

// TestInsertBelowOneStopsWithTheContext: table.insert(t, pos, v) with pos
// below 1 walks the whole table (to move the keys from pos up), which took
// seconds in one call for a million keys; it stops once the context is
// done, and without it moves them all.
func TestInsertBelowOneStopsWithTheContext(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	tb := L.NewTable()
	for i := 0; i < 1e5; i++ {
		tb.RawSet(lua.LNumber(-i), lua.LNumber(-i))
	}
	insert := L.GetField(L.GetGlobal("table"), "insert")
	if err := L.CallByParam(lua.P{Fn: insert, Protect: true}, tb, lua.LNumber(-2e5), lua.LString("v")); err != nil {
		t.Fatal(err)
	}
	if tb.RawGet(lua.LNumber(-2e5)) != lua.LString("v") || tb.RawGet(lua.LNumber(1)) != lua.LNumber(0) || tb.RawGet(lua.LNumber(-99998)) != lua.LNumber(-99999) || tb.RawGet(lua.LNumber(-99999)) != lua.LNil {
		t.Errorf("t[-2e5], t[1], t[-99998], t[-99999] = %v, %v, %v, %v", tb.RawGet(lua.LNumber(-2e5)), tb.RawGet(lua.LNumber(1)), tb.RawGet(lua.LNumber(-99998)), tb.RawGet(lua.LNumber(-99999)))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	err := L.CallByParam(lua.P{Fn: insert, Protect: true}, tb, lua.LNumber(-2e5), lua.LString("w"))
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %v, want the context's", err)
	}
}
