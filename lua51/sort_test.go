package lua51

import (
	"context"
	"math/rand"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// TestSortStopsWithTheContext: table.sort of a million numbers, once the
// state's context is done, stops within sortCheckEvery comparisons with
// the context's error (gopher-lua's sorted on, in one Go call).
func TestSortStopsWithTheContext(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	tb := L.NewTable()
	r := rand.New(rand.NewSource(1))
	for i := 1; i <= 1e6; i++ {
		tb.RawSetInt(i, lua.LNumber(r.Float64()))
	}
	var calls int
	less := L.NewFunction(func(L *lua.LState) int {
		calls++
		L.Push(lua.LBool(L.CheckNumber(1) < L.CheckNumber(2)))
		return 1
	})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	for _, comp := range []lua.LValue{lua.LNil, less} {
		err := L.CallByParam(lua.P{Fn: L.GetField(L.GetGlobal("table"), "sort"), Protect: true}, tb, comp)
		if err == nil || !strings.Contains(err.Error(), "context canceled") {
			t.Errorf("comparator %v: error %v, want the context's", comp, err)
		}
	}
	if calls >= sortCheckEvery {
		t.Errorf("the comparator ran %d times after the context was done", calls)
	}
}

// TestSortOfLongStringsStopsWithTheContext: comparing long strings reads
// them whole, so the sort looks at the context sooner: 300 copies of a
// 4 MiB string stop at once, where the whole sort took over a second.
func TestSortOfLongStringsStopsWithTheContext(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	tb := L.NewTable()
	long := lua.LString(strings.Repeat("a", 4<<20))
	for i := 1; i <= 300; i++ {
		tb.RawSetInt(i, long)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	start := time.Now()
	err := L.CallByParam(lua.P{Fn: L.GetField(L.GetGlobal("table"), "sort"), Protect: true}, tb)
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %v, want the context's", err)
	}
	if took := time.Since(start); took > 200*time.Millisecond {
		t.Errorf("stopped after %v", took)
	}
}
