package lua51

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// The behaviour of the patterns is compared with lua5.1's in
// tests/cli/patterns.lua; the time limit in limits_test.go. Here: a
// pattern so deep that lua5.1 runs out of C stack and crashes is an error.
func TestPatternDepth(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	var out strings.Builder
	L.SetGlobal("print", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			if i > 1 {
				out.WriteByte('\t')
			}
			out.WriteString(ToString(L, L.Get(i)))
		}
		out.WriteByte('\n')
		return 0
	}))
	err := L.DoString(`
		print(string.find(("a"):rep(3000), ("a?"):rep(3000) .. "$"))
		print(pcall(string.find, ("a"):rep(200000), ("a?"):rep(200000)))
		print(string.gsub(("x"):rep(1e6), "x", "yy"):len())`)
	if err != nil {
		t.Fatal(err)
	}
	want := "1\t3000\nfalse\tpattern too complex\n2000000\n"
	if out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
