package bindings

import (
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// psutil's exception classes as Lua values. A class is a table
// {__name = "NoSuchProcess", __parent = <class>}; an error is a table with
// the fields psutil's exceptions carry (msg, pid, name, ppid, seconds) whose
// metatable names its class and gives psutil's message through __tostring.

var errorClassNames = []struct{ name, parent string }{
	{"Error", ""},
	{"NoSuchProcess", "Error"},
	{"ZombieProcess", "NoSuchProcess"},
	{"AccessDenied", "Error"},
	{"TimeoutExpired", "Error"},
}

const errorClassesKey = "psutil.errorclasses"

// errorClasses returns L's class tables by name, made once per state.
func errorClasses(L *lua.LState) *lua.LTable {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if t, ok := reg.RawGetString(errorClassesKey).(*lua.LTable); ok {
		return t
	}
	classes := L.NewTable()
	for _, c := range errorClassNames {
		class := L.NewTable()
		class.RawSetString("__name", lua.LString(c.name))
		if c.parent != "" {
			class.RawSetString("__parent", classes.RawGetString(c.parent))
		}
		// The metatable of this class's error values.
		mt := L.NewTable()
		mt.RawSetString("__name", lua.LString("psutil."+c.name))
		mt.RawSetString("__class", class)
		mt.RawSetString("__tostring", L.NewFunction(errorToString))
		class.RawSetString("__errormt", mt)
		L.SetMetatable(class, classMetatable(L))
		classes.RawSetString(c.name, class)
	}
	reg.RawSetString(errorClassesKey, classes)
	return classes
}

// classMetatable makes tostring(psutil.NoSuchProcess) read "psutil.NoSuchProcess".
func classMetatable(L *lua.LState) *lua.LTable {
	mt := L.NewTable()
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("psutil." + L.CheckTable(1).RawGetString("__name").String()))
		return 1
	}))
	return mt
}

func errorToString(L *lua.LState) int {
	t := L.CheckTable(1)
	mt, _ := L.GetMetatable(t).(*lua.LTable)
	name := "psutil.Error"
	if mt != nil {
		name = mt.RawGetString("__name").String()
	}
	L.Push(lua.LString(name + ": " + t.RawGetString("msg").String()))
	return 1
}

// newErrorValue converts a psutil error to its Lua value, or returns nil
// when err is not one of psutil's classes.
func newErrorValue(L *lua.LState, err error) *lua.LTable {
	var (
		class  string
		fields = map[string]lua.LValue{}
	)
	var zp *platform.ZombieProcess
	var nsp *platform.NoSuchProcess
	var ad *platform.AccessDenied
	var te *platform.TimeoutExpired
	switch {
	case errors.As(err, &zp):
		class = "ZombieProcess"
		setProcessFields(fields, zp.Pid, zp.Name)
		if zp.Ppid != 0 {
			fields["ppid"] = lua.LNumber(zp.Ppid)
		}
	case errors.As(err, &nsp):
		class = "NoSuchProcess"
		setProcessFields(fields, nsp.Pid, nsp.Name)
	case errors.As(err, &ad):
		class = "AccessDenied"
		setProcessFields(fields, ad.Pid, ad.Name)
	case errors.As(err, &te):
		class = "TimeoutExpired"
		setProcessFields(fields, te.Pid, te.Name)
		fields["seconds"] = lua.LNumber(te.Seconds)
	default:
		return nil
	}
	t := L.NewTable()
	for k, v := range fields {
		t.RawSetString(k, v)
	}
	t.RawSetString("msg", lua.LString(err.Error()))
	classTable := errorClasses(L).RawGetString(class).(*lua.LTable)
	L.SetMetatable(t, classTable.RawGetString("__errormt"))
	return t
}

func setProcessFields(fields map[string]lua.LValue, pid int, name string) {
	if pid != 0 {
		fields["pid"] = lua.LNumber(pid)
	}
	if name != "" {
		fields["name"] = lua.LString(name)
	}
}

// raise raises err in L: psutil's classes as error values, anything else
// as a message naming the psutil function.
func raise(L *lua.LState, fn string, err error) {
	if v := newErrorValue(L, err); v != nil {
		L.Error(v, 1)
		return
	}
	var ni *platform.NotImplementedError
	if errors.As(err, &ni) {
		L.RaiseError("%s", err.Error())
		return
	}
	L.RaiseError("psutil.%s: %s", fn, err.Error())
}

// psIsError is psutil.iserror(err [, class]): whether err is a psutil error,
// of the given class or one derived from it.
func psIsError(L *lua.LState) int {
	v := L.Get(1)
	want, _ := L.Get(2).(*lua.LTable)
	if L.GetTop() >= 2 && want == nil {
		L.ArgError(2, "psutil error class expected, got "+typeName(L, L.Get(2)))
	}
	mt, ok := L.GetMetatable(v).(*lua.LTable)
	if !ok {
		L.Push(lua.LFalse)
		return 1
	}
	class, ok := mt.RawGetString("__class").(*lua.LTable)
	if !ok || !isErrorClass(L, class) {
		L.Push(lua.LFalse)
		return 1
	}
	if want == nil {
		L.Push(lua.LTrue)
		return 1
	}
	for c := class; c != nil; {
		if c == want {
			L.Push(lua.LTrue)
			return 1
		}
		c, _ = c.RawGetString("__parent").(*lua.LTable)
	}
	L.Push(lua.LFalse)
	return 1
}

func isErrorClass(L *lua.LState, class *lua.LTable) bool {
	classes := errorClasses(L)
	return classes.RawGetString(class.RawGetString("__name").String()) == class
}
