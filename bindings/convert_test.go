package bindings

import (
	"errors"
	"sort"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// What Process methods and embedders hand to Lua, converted one way.
func TestToLua(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	name := "init"
	var none *string
	sys := platform.New(platform.LiveFS())
	m := NewModule(sys)
	self, err := sys.Self()
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   any
		want string // the value as the test script prints it
	}{
		{"nil", nil, "nil"},
		{"string pointer", &name, "init"},
		{"nil pointer", none, "nil"},
		{"int32", int32(-3), "-3"},
		{"uint64", uint64(1) << 40, "1099511627776"},
		{"list of strings", []string{"a", "b"}, "{a,b}"},
		{"map of strings", map[string]string{"b": "2", "a": "1"}, "{a=1,b=2}"},
		{"named tuple", platform.SwapMemory{Total: 10}, "10"},
		{"process", self, "process"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := m.ToLua(L, c.in)
			if err != nil {
				t.Fatal(err)
			}
			if got := describe(L, v); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
	if _, err := ToLua(L, self); err == nil {
		t.Error("a process converted without a module")
	}
	var deep []any
	for i := 0; i < MaxDepth+5; i++ {
		deep = []any{deep}
	}
	if _, err := ToLua(L, deep); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep value: %v", err)
	}
}

// describe prints a converted value: lists and string-keyed tables in
// braces, named tuples by their first field, processes as "process".
func describe(L *lua.LState, v lua.LValue) string {
	switch v := v.(type) {
	case *lua.LUserData:
		return "process"
	case *lua.LTable:
		if TupleFields(v) != nil {
			return v.RawGetInt(1).String()
		}
		if n := v.Len(); n > 0 {
			s := "{"
			for i := 1; i <= n; i++ {
				if i > 1 {
					s += ","
				}
				s += v.RawGetInt(i).String()
			}
			return s + "}"
		}
		var keys []string
		v.ForEach(func(k, _ lua.LValue) { keys = append(keys, k.String()) })
		sort.Strings(keys)
		s := "{"
		for i, k := range keys {
			if i > 0 {
				s += ","
			}
			s += k + "=" + v.RawGetString(k).String()
		}
		return s + "}"
	}
	return v.String()
}
