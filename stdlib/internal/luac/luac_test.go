package luac

import (
	"reflect"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

const chunk = `local t = {1.5, -0.25, 1e300, "a\0b", [""] = true}
local function f(a, ...) local b = a .. "x"; return g(b, ...) end
function g(...) return select("#", ...) end
return f, t`

func compile(t testing.TB, src string) *lua.FunctionProto {
	c, err := parse.Parse(strings.NewReader(src), "chunk")
	if err != nil {
		t.Fatal(err)
	}
	p, err := lua.Compile(c, "chunk")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// A chunk read back is the compiled one, field by field, and runs.
func TestRoundTrip(t *testing.T) {
	p := compile(t, chunk)
	b, err := Encode(p, "v9")
	if err != nil {
		t.Fatal(err)
	}
	q, err := Decode(string(b), "v9")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(p, q) {
		t.Fatal("decoded FunctionProto differs from the compiled one")
	}
	L := lua.NewState()
	defer L.Close()
	L.Push(L.NewFunctionFromProto(q))
	if err := L.PCall(0, 2, nil); err != nil {
		t.Fatal(err)
	}
	if err := L.CallByParam(lua.P{Fn: L.Get(1), NRet: 1}, lua.LString("y"), lua.LNumber(1), lua.LNumber(2)); err != nil {
		t.Fatal(err)
	}
	if n := L.Get(-1); n != lua.LNumber(3) {
		t.Errorf("f returned %v, want 3", n)
	}
}

// Decode refuses whatever it is given rather than panicking.
func FuzzDecode(f *testing.F) {
	b, err := Encode(compile(f, chunk), "v9")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(b))
	f.Add(string(b[:len(b)/2]))
	f.Fuzz(func(t *testing.T, s string) {
		if p, err := Decode(s, "v9"); err == nil && p == nil {
			t.Fatal("no FunctionProto and no error")
		}
	})
}
