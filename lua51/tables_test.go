package lua51

import (
	"context"
	"strconv"
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
// string look at the context between chunks (build.go): each stops with
// the context's error once it is done, and builds the right result while
// it is not.
func TestLargeResultsStopWithTheContext(t *testing.T) {
	big := strings.Repeat("ab\000", bigChunk) // three chunks
	cases := []struct{ src, want string }{
		{`return big:rep(2)`, big + big},
		{`return ("x"):rep(3 * 2^22)`, strings.Repeat("x", 3*bigChunk)},
		{`return big:upper()`, strings.ToUpper(big)},
		{`return big:lower()`, big},
		{`return big:reverse()`, strings.Repeat("\000ba", bigChunk)},
		{`return table.concat({big, big}, "-")`, big + "-" + big},
		{`return string.format("%s|%s", big, big)`, big + "|" + big},
		{`return string.format("%5s%s", "", big)`, "     " + big},
		{`return #string.format("%q", big)`, strconv.Itoa(2 + 6*bigChunk)}, // "ab\000" each time
		{`return (big:gsub("^.*$", "%0%0"))`, big + big},
	}
	for _, c := range cases {
		L := lua.NewState()
		Install(L, Options{})
		L.SetGlobal("big", lua.LString(big))
		if err := L.DoString(c.src); err != nil {
			t.Errorf("%s: %v", c.src, err)
		} else if got := L.Get(-1).String(); got != c.want {
			t.Errorf("%s: %d bytes, not the %d expected", c.src, len(got), len(c.want))
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		L.SetContext(ctx)
		fn, err := L.LoadString(c.src)
		if err != nil {
			t.Fatal(err)
		}
		err = L.CallByParam(lua.P{Fn: fn, Protect: true})
		if err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Errorf("%s: error %v, want the context's", c.src, err)
		}
		L.Close()
	}
}
