package bindings

import (
	"errors"
	"fmt"
	"reflect"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// MaxDepth bounds the nesting the converters follow: deeper values (a
// script can build them) are an error, not a Go stack overflow.
const MaxDepth = 200

// ErrTooDeep is returned for values nested deeper than MaxDepth.
var ErrTooDeep = errors.New("value nested too deep")

// ToLua converts a Go value to Lua as the psutil module gives it: nil,
// bools, numbers, strings, slices and arrays (to lists), maps with string
// keys (to tables), psutil's named tuples (platform.Tuple), structs (to
// tables keyed by field name), pointers to those (a nil pointer is nil),
// and lua.LValue and lua.LGFunction as they are. A *platform.Process is an
// error here: it needs a module ([Module.ToLua]).
func ToLua(L *lua.LState, v any) (lua.LValue, error) {
	return (*Module)(nil).ToLua(L, v)
}

// ToLua is [ToLua] that also converts a *platform.Process to a
// psutil.Process of this module.
func (m *Module) ToLua(L *lua.LState, v any) (lua.LValue, error) {
	return m.toLuaDepth(L, v, 0)
}

func (m *Module) toLuaDepth(L *lua.LState, v any, depth int) (lua.LValue, error) {
	if depth > MaxDepth {
		return nil, ErrTooDeep
	}
	// The types Process methods and the system functions return first,
	// without reflection.
	switch v := v.(type) {
	case nil:
		return lua.LNil, nil
	case lua.LValue:
		return v, nil
	case platform.Tuple:
		return pushTuple(L, v), nil
	case *platform.Process:
		if v == nil {
			return lua.LNil, nil
		}
		if m == nil {
			return nil, fmt.Errorf("cannot convert %T to Lua without a psutil module", v)
		}
		return m.pushProcess(L, v), nil
	case string:
		return lua.LString(v), nil
	case int:
		return lua.LNumber(v), nil
	case float64:
		return lua.LNumber(v), nil
	case bool:
		return lua.LBool(v), nil
	case []string:
		t := L.CreateTable(len(v), 0)
		for i, s := range v {
			t.RawSetInt(i+1, lua.LString(s))
		}
		return t, nil
	case []byte:
		return lua.LString(v), nil
	case lua.LGFunction:
		return L.NewFunction(v), nil
	case func(*lua.LState) int:
		return L.NewFunction(v), nil
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
		return m.toLuaDepth(L, rv.Elem().Interface(), depth+1)
	case reflect.Slice, reflect.Array:
		t := L.CreateTable(rv.Len(), 0)
		for i := 0; i < rv.Len(); i++ {
			e, err := m.toLuaDepth(L, rv.Index(i).Interface(), depth+1)
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
			e, err := m.toLuaDepth(L, rv.MapIndex(k).Interface(), depth+1)
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
			e, err := m.toLuaDepth(L, rv.Field(i).Interface(), depth+1)
			if err != nil {
				return nil, err
			}
			t.RawSetString(f.Name, e)
		}
		return t, nil
	}
	return nil, fmt.Errorf("cannot convert %T to Lua", v)
}
