package engine

import (
	"errors"
	"fmt"
	"reflect"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/platform"
)

// maxDepth bounds the nesting ToGo and ToLua follow: deeper values (a
// script can build them) are an error, not a Go stack overflow.
const maxDepth = 200

// ErrTooDeep is returned for values nested deeper than the converters go.
var ErrTooDeep = errors.New("value nested too deep")

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
// lua.LGFunction as they are.
func ToLua(L *lua.LState, v any) (lua.LValue, error) {
	return toLua(L, v, 0)
}

func toLua(L *lua.LState, v any, depth int) (lua.LValue, error) {
	if depth > maxDepth {
		return nil, ErrTooDeep
	}
	switch v := v.(type) {
	case nil:
		return lua.LNil, nil
	case lua.LValue:
		return v, nil
	case lua.LGFunction:
		return L.NewFunction(v), nil
	case func(*lua.LState) int:
		return L.NewFunction(v), nil
	case bool:
		return lua.LBool(v), nil
	case string:
		return lua.LString(v), nil
	case []byte:
		return lua.LString(v), nil
	case platform.Tuple:
		return bindings.TupleValue(L, v), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return lua.LNumber(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return lua.LNumber(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return lua.LNumber(rv.Float()), nil
	case reflect.String:
		return lua.LString(rv.String()), nil
	case reflect.Bool:
		return lua.LBool(rv.Bool()), nil
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return lua.LNil, nil
		}
		return toLua(L, rv.Elem().Interface(), depth+1)
	case reflect.Slice, reflect.Array:
		t := L.CreateTable(rv.Len(), 0)
		for i := 0; i < rv.Len(); i++ {
			e, err := toLua(L, rv.Index(i).Interface(), depth+1)
			if err != nil {
				return nil, err
			}
			t.RawSetInt(i+1, e)
		}
		return t, nil
	case reflect.Map:
		if rv.Type().Key().Kind() != reflect.String {
			return nil, fmt.Errorf("cannot convert %s to Lua: map keys must be strings", rv.Type())
		}
		t := L.CreateTable(0, rv.Len())
		keys := rv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			e, err := toLua(L, rv.MapIndex(k).Interface(), depth+1)
			if err != nil {
				return nil, err
			}
			t.RawSetString(k.String(), e)
		}
		return t, nil
	case reflect.Struct:
		t := L.CreateTable(0, rv.NumField())
		for i := 0; i < rv.NumField(); i++ {
			f := rv.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			e, err := toLua(L, rv.Field(i).Interface(), depth+1)
			if err != nil {
				return nil, err
			}
			t.RawSetString(f.Name, e)
		}
		return t, nil
	}
	return nil, fmt.Errorf("cannot convert %T to Lua", v)
}
