package engine

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
)

// maxDepth bounds the nesting ToGo and ToLua follow: deeper values (a
// script can build them) are an error, not a Go stack overflow.
const maxDepth = bindings.MaxDepth

// ErrTooDeep is returned for values nested deeper than the converters go.
var ErrTooDeep = bindings.ErrTooDeep

// ToGo converts a Lua value to Go: nil, bool, float64, string; a table whose
// keys are 1..n to []any; any other table (named tuples included) to
// map[string]any, keyed by the string form of each key; a named tuple keeps
// only its named fields. Functions, userdata and threads become their Lua
// value unchanged. A table met again inside itself becomes nil.
func ToGo(v lua.LValue) (any, error) {
	return toGo(v, map[*lua.LTable]bool{}, 0)
}

func toGo(v lua.LValue, seen map[*lua.LTable]bool, depth int) (any, error) {
	if depth > maxDepth {
		return nil, ErrTooDeep
	}
	switch v := v.(type) {
	case *lua.LNilType:
		return nil, nil
	case lua.LBool:
		return bool(v), nil
	case lua.LNumber:
		return float64(v), nil
	case lua.LString:
		return string(v), nil
	case *lua.LTable:
		if seen[v] {
			return nil, nil // a cycle: cut it
		}
		if fields := bindings.TupleFields(v); fields != nil {
			out := make(map[string]any, len(fields))
			for i, name := range fields {
				e, err := toGo(v.RawGetInt(i+1), seen, depth+1)
				if err != nil {
					return nil, err
				}
				out[name] = e
			}
			return out, nil
		}
		seen[v] = true
		defer delete(seen, v)
		n := v.Len()
		count := 0
		v.ForEach(func(lua.LValue, lua.LValue) { count++ })
		if n > 0 && count == n {
			out := make([]any, n)
			for i := 1; i <= n; i++ {
				e, err := toGo(v.RawGetInt(i), seen, depth+1)
				if err != nil {
					return nil, err
				}
				out[i-1] = e
			}
			return out, nil
		}
		out := map[string]any{}
		var err error
		v.ForEach(func(k, val lua.LValue) {
			if err == nil {
				out[k.String()], err = toGo(val, seen, depth+1)
			}
		})
		return out, err
	}
	return v, nil
}

// ToLua converts a Go value to Lua: nil, bools, numbers, strings, slices
// and arrays (to lists), maps with string keys (to tables), structs (to
// tables keyed by field name), psutil's named tuples (platform.Tuple) as
// the psutil module gives them, pointers to those, and lua.LValue and
// lua.LGFunction as they are. It is the psutil module's own converter
// ([bindings.ToLua]); [Host.Call] and [Host.RegisterFunc] also convert a
// *platform.Process to a psutil.Process.
func ToLua(L *lua.LState, v any) (lua.LValue, error) {
	return bindings.ToLua(L, v)
}
