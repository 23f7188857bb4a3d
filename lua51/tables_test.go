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
