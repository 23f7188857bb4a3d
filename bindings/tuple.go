package bindings

import (
	"reflect"
	"strconv"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
	"github.com/psulua/psulua/platform"
)

// A named tuple is a Lua table holding its values by position (t[1] ..
// t[n], so #t, ipairs and unpack work as on a Python tuple), with a
// metatable shared by all tuples of its class whose __index serves the
// fields by name (t.total) and `_fields`, whose __newindex assigns by name,
// and whose __tostring is psutil's repr. Storing names too would cost three
// allocations a field in gopher-lua's tables. The field list and kinds come
// from the Go struct's `tuple` tags in platform/ntuples.go.

type fieldKind int

const (
	kindInt fieldKind = iota
	kindUint
	kindFloat
	kindString
	kindBool
	kindEnum     // an integer type with a Repr method (AddressFamily, NicDuplex, ...)
	kindTuple    // a nested named tuple
	kindConnAddr // a connection's laddr/raddr: shape told by the family field
)

var connAddrType = reflect.TypeOf(platform.ConnAddr{})

type tupleField struct {
	name  string
	index int
	kind  fieldKind
	ptr   bool         // optional: a nil pointer is None
	typ   reflect.Type // the field's type, without the pointer
}

type tupleClass struct {
	name   string
	regKey string // where L's registry keeps the metatable
	fields []tupleField
	byName map[string]int // field name -> 1-based position
	family int            // index of the struct's "family" field, for kindConnAddr; -1 if none
}

var tupleClasses sync.Map // reflect.Type -> *tupleClass

type reprer interface{ Repr() string }

var reprerType = reflect.TypeOf((*reprer)(nil)).Elem()
var tupleType = reflect.TypeOf((*platform.Tuple)(nil)).Elem()

// classOf returns the field plan of a tuple struct type, built once.
func classOf(t reflect.Type) *tupleClass {
	if c, ok := tupleClasses.Load(t); ok {
		return c.(*tupleClass)
	}
	name := reflect.Zero(t).Interface().(platform.Tuple).TupleName()
	c := &tupleClass{name: name, regKey: "psutil.tuple." + name, family: -1, byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := sf.Tag.Get("tuple")
		if name == "" || !platform.TupleFieldOnOS(sf.Tag.Get("os")) {
			continue
		}
		f := tupleField{name: name, index: i, typ: sf.Type}
		if f.typ.Kind() == reflect.Pointer {
			f.ptr = true
			f.typ = f.typ.Elem()
		}
		if name == "family" {
			c.family = i
		}
		switch {
		case f.typ == connAddrType:
			f.kind = kindConnAddr
		case f.typ.Implements(reprerType):
			f.kind = kindEnum
		case f.typ.Implements(tupleType):
			f.kind = kindTuple
		default:
			switch f.typ.Kind() {
			case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
				f.kind = kindInt
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
				f.kind = kindUint
			case reflect.Float32, reflect.Float64:
				f.kind = kindFloat
			case reflect.String:
				f.kind = kindString
			case reflect.Bool:
				f.kind = kindBool
			default:
				panic("bindings: unsupported tuple field " + t.Name() + "." + sf.Name)
			}
		}
		c.fields = append(c.fields, f)
		c.byName[name] = len(c.fields)
	}
	actual, _ := tupleClasses.LoadOrStore(t, c)
	return actual.(*tupleClass)
}

// pushTuple converts a named tuple to a Lua table.
func pushTuple(L *lua.LState, v platform.Tuple) *lua.LTable {
	rv := reflect.ValueOf(v)
	return tupleTable(L, classOf(rv.Type()), rv)
}

func tupleTable(L *lua.LState, c *tupleClass, rv reflect.Value) *lua.LTable {
	t := L.CreateTable(len(c.fields), 0)
	for i := range c.fields {
		f := &c.fields[i]
		var lv lua.LValue
		if f.kind == kindConnAddr {
			lv = connAddrValue(L, rv.Field(f.index).Interface().(platform.ConnAddr),
				platform.AddressFamily(rv.Field(c.family).Int()))
		} else {
			lv = fieldValue(L, f, rv.Field(f.index))
		}
		t.RawSetInt(i+1, lv)
	}
	L.SetMetatable(t, tupleMetatable(L, c))
	return t
}

func fieldValue(L *lua.LState, f *tupleField, v reflect.Value) lua.LValue {
	if f.ptr {
		if v.IsNil() {
			return lua.LNil
		}
		v = v.Elem()
	}
	switch f.kind {
	case kindInt, kindEnum:
		return lua.LNumber(v.Int())
	case kindUint:
		return lua.LNumber(v.Uint())
	case kindFloat:
		return lua.LNumber(v.Float())
	case kindString:
		return lua.LString(v.String())
	case kindBool:
		return lua.LBool(v.Bool())
	case kindTuple:
		return tupleTable(L, classOf(v.Type()), v)
	}
	return lua.LNil
}

// connAddrValue is psutil's laddr/raddr: a path for AF_UNIX, else
// addr(ip, port), or the empty tuple () when there is no address.
func connAddrValue(L *lua.LState, a platform.ConnAddr, family platform.AddressFamily) lua.LValue {
	if family == platform.AF_UNIX {
		return lua.LString(a.Path)
	}
	if a.IsZero() {
		return emptyTuple(L)
	}
	return pushTuple(L, a.Addr())
}

// emptyTuple is Python's empty tuple (): a new table each time (scripts
// could rawset into a shared one), with a shared protected metatable whose
// repr is "()".
func emptyTuple(L *lua.LState) *lua.LTable {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if mt, ok := reg.RawGetString("psutil.tuple.()").(*lua.LTable); ok {
		t := L.CreateTable(0, 0)
		L.SetMetatable(t, mt)
		return t
	}
	mt := L.CreateTable(0, 5)
	mt.RawSetString("_empty", lua.LTrue) // for Go: TupleFields
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		L.RaiseError("the empty tuple () cannot be changed")
		return 0
	}))
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		if L.Get(2) == lua.LString("_fields") {
			L.Push(L.NewTable())
		} else {
			L.Push(lua.LNil)
		}
		return 1
	}))
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("()"))
		return 1
	}))
	reg.RawSetString("psutil.tuple.()", mt)
	t := L.CreateTable(0, 0)
	L.SetMetatable(t, mt)
	return t
}

// tupleMetatable returns the metatable of class c in L, made once per state.
func tupleMetatable(L *lua.LState, c *tupleClass) *lua.LTable {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if mt, ok := reg.RawGetString(c.regKey).(*lua.LTable); ok {
		return mt
	}
	mt := L.CreateTable(0, 8)
	class := L.NewUserData()
	class.Value = c
	mt.RawSetString("_class", class) // for Go: TupleFields
	mt.RawSetString("__name", lua.LString(c.name))
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	// The class is the function's upvalue: the engine reads fields by name
	// from it without a call (FastIndexTable).
	mt.RawSetString("__index", L.NewClosure(func(L *lua.LState) int {
		t := L.CheckTable(1)
		switch key := L.Get(2).(type) {
		case lua.LString:
			if i, ok := c.byName[string(key)]; ok {
				L.Push(t.RawGetInt(i))
				return 1
			}
			if key == "_fields" {
				// A fresh list each time: scripts may change theirs.
				fields := L.CreateTable(len(c.fields), 0)
				for _, f := range c.fields {
					fields.Append(lua.LString(f.name))
				}
				L.Push(fields)
				return 1
			}
			names := make([]string, len(c.fields))
			for i, f := range c.fields {
				names[i] = f.name
			}
			noAttribute(L, "'"+c.name+"' object", string(key), names)
		}
		L.Push(lua.LNil) // t[n] past the end, as a Lua list
		return 1
	}, class))
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		t := L.CheckTable(1)
		if key, ok := L.Get(2).(lua.LString); ok {
			if i, ok := c.byName[string(key)]; ok {
				t.RawSetInt(i, L.Get(3))
				return 0
			}
		}
		lua51.RawSet(L, t, L.Get(2), L.Get(3))
		return 0
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(tupleRepr(L, c, L.CheckTable(1))))
		return 1
	}))
	reg.RawSetString(c.regKey, mt)
	return mt
}

// FastIndexTable gives t.name for a field of the class, as its __index
// function does (engine.TableFastIndexer).
func (c *tupleClass) FastIndexTable(t *lua.LTable, key lua.LValue) (lua.LValue, bool) {
	if name, ok := key.(lua.LString); ok {
		if i, ok := c.byName[string(name)]; ok {
			return t.RawGetInt(i), true
		}
	}
	return nil, false
}

// TupleFields returns the field names of a psutil named tuple, or nil when
// v is not one. Go code reads a field as t.RawGetInt(position), positions
// from 1 in this order.
func TupleFields(v lua.LValue) []string {
	t, ok := v.(*lua.LTable)
	if !ok {
		return nil
	}
	mt, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return nil
	}
	if ud, ok := mt.RawGetString("_class").(*lua.LUserData); ok {
		if c, ok := ud.Value.(*tupleClass); ok {
			names := make([]string, len(c.fields))
			for i, f := range c.fields {
				names[i] = f.name
			}
			return names
		}
	}
	if mt.RawGetString("_empty") == lua.LTrue {
		return []string{}
	}
	// A table made in Lua the same way: values by position, names in its
	// metatable's _fields.
	if fields, ok := mt.RawGetString("_fields").(*lua.LTable); ok {
		n := fields.Len() // once: it walks back over trailing nils
		names := make([]string, 0, n)
		for i := 1; i <= n; i++ {
			name, ok := fields.RawGetInt(i).(lua.LString)
			if !ok {
				return nil
			}
			names = append(names, string(name))
		}
		return names
	}
	return nil
}

// tupleRepr is psutil's repr of the tuple, read from the table's current
// values: svmem(total=25276026880, available=..., percent=1.2, ...).
// A script may store anything in a tuple's fields, tuples holding tuples
// or strings of a hundred megabytes among them: the repr looks at the
// run's time and memory limits as it grows (a tuple nesting tuples seven
// deep took 12 s, 8 MB strings of zero bytes 21 s and 744 MB).
func tupleRepr(L *lua.LState, c *tupleClass, t *lua.LTable) string {
	var b strings.Builder
	b.WriteString(c.name)
	b.WriteByte('(')
	for i := range c.fields {
		f := &c.fields[i]
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(f.name)
		b.WriteByte('=')
		v := t.RawGetInt(i + 1)
		size := b.Len()
		if s, ok := v.(lua.LString); ok {
			size += 4 * len(s) // \x00 for a zero byte
		}
		grown := 2 * size // b grows by doubling
		if grown < 1<<20 {
			grown = 0 // the time limit only: room is dearer to ask than a short repr
		}
		lua51.CheckGrowth(L, "tostring", grown)
		b.WriteString(valueRepr(L, f, v))
	}
	b.WriteByte(')')
	return b.String()
}

func valueRepr(L *lua.LState, f *tupleField, v lua.LValue) string {
	switch v := v.(type) {
	case *lua.LNilType:
		return "None"
	case lua.LBool:
		if v {
			return "True"
		}
		return "False"
	case lua.LString:
		return platform.PyRepr(string(v))
	case lua.LNumber:
		n := float64(v)
		switch f.kind {
		case kindFloat:
			return platform.PyFloat(n)
		case kindEnum:
			if n == float64(int64(n)) {
				e := reflect.New(f.typ).Elem()
				e.SetInt(int64(n))
				return e.Interface().(reprer).Repr()
			}
		}
		return NumberRepr(n)
	}
	return L.ToStringMeta(v).String()
}

// NumberRepr prints a Lua number as Python would print the int or float it
// stands for: integers without a decimal point.
func NumberRepr(n float64) string {
	if n == float64(int64(n)) && n > -1<<63 && n < 1<<63 {
		return strconv.FormatInt(int64(n), 10)
	}
	return platform.PyFloat(n)
}

// TupleValue is the Lua value of a named tuple, as the psutil module gives
// it, for embedders converting platform values themselves.
func TupleValue(L *lua.LState, v platform.Tuple) lua.LValue { return pushTuple(L, v) }
