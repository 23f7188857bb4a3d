package bindings

import (
	"errors"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// psutil's exception classes as Lua values. A class is a table
// {__name = "NoSuchProcess", __parent = <class>}; an error is a table with
// the attributes psutil's exceptions carry (msg, pid, name, ppid, seconds)
// whose metatable names its class and gives psutil's str() through
// __tostring: "psutil.NoSuchProcess: process no longer exists (pid=42)".

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
	classMT := L.NewTable()
	classMT.RawSetString("__metatable", lua.LString(protectedMetatable))
	classMT.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("psutil." + L.CheckTable(1).RawGetString("__name").String()))
		return 1
	}))
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
		mt.RawSetString("__metatable", lua.LString(protectedMetatable))
		mt.RawSetString("__tostring", L.NewFunction(errorToString))
		class.RawSetString("__errormt", mt)
		L.SetMetatable(class, classMT)
		classes.RawSetString(c.name, class)
	}
	reg.RawSetString(errorClassesKey, classes)
	return classes
}

func errorToString(L *lua.LState) int {
	v := L.CheckTable(1)
	err := GoError(L, v)
	if err == nil {
		L.Push(lua.LString("psutil.Error: " + v.RawGetString("msg").String()))
		return 1
	}
	L.Push(lua.LString(L.GetMetaField(v, "__name").String() + ": " + err.Error()))
	return 1
}

// newErrorValue converts a psutil error to its Lua value, or returns nil
// when err is not one of psutil's classes.
func newErrorValue(L *lua.LState, err error) *lua.LTable {
	t := L.NewTable()
	var class string
	var zp *platform.ZombieProcess
	var nsp *platform.NoSuchProcess
	var ad *platform.AccessDenied
	var te *platform.TimeoutExpired
	switch {
	case errors.As(err, &zp):
		class = "ZombieProcess"
		setErrorFields(t, zp.Pid, zp.Name, zp.Message())
		if zp.Ppid != 0 {
			t.RawSetString("ppid", lua.LNumber(zp.Ppid))
		}
	case errors.As(err, &nsp):
		class = "NoSuchProcess"
		setErrorFields(t, nsp.Pid, nsp.Name, nsp.Message())
	case errors.As(err, &ad):
		class = "AccessDenied"
		setErrorFields(t, ad.Pid, ad.Name, ad.Message())
	case errors.As(err, &te):
		class = "TimeoutExpired"
		setErrorFields(t, te.Pid, te.Name, te.Message())
		t.RawSetString("seconds", lua.LNumber(te.Seconds))
	default:
		return nil
	}
	classTable := errorClasses(L).RawGetString(class).(*lua.LTable)
	L.SetMetatable(t, classTable.RawGetString("__errormt"))
	return t
}

func setErrorFields(t *lua.LTable, pid int, name, msg string) {
	if pid != 0 {
		t.RawSetString("pid", lua.LNumber(pid))
	}
	if name != "" {
		t.RawSetString("name", lua.LString(name))
	}
	t.RawSetString("msg", lua.LString(msg))
}

// GoError returns the platform error that a psutil error value stands for
// (*platform.NoSuchProcess, ...), rebuilt from its current fields, or nil
// when v is not a psutil error. Embedders use it to get typed errors back.
func GoError(L *lua.LState, v lua.LValue) error {
	t, ok := v.(*lua.LTable)
	if !ok {
		return nil
	}
	class, ok := L.GetMetaField(v, "__class").(*lua.LTable)
	if !ok || !isErrorClass(L, class) {
		return nil
	}
	pid := int(lua.LVAsNumber(t.RawGetString("pid")))
	name := lua.LVAsString(t.RawGetString("name"))
	msg := lua.LVAsString(t.RawGetString("msg"))
	switch class.RawGetString("__name").String() {
	case "NoSuchProcess":
		return &platform.NoSuchProcess{Pid: pid, Name: name, Msg: msg}
	case "ZombieProcess":
		return &platform.ZombieProcess{
			NoSuchProcess: platform.NoSuchProcess{Pid: pid, Name: name, Msg: msg},
			Ppid:          int(lua.LVAsNumber(t.RawGetString("ppid"))),
		}
	case "AccessDenied":
		return &platform.AccessDenied{Pid: pid, Name: name, Msg: msg}
	case "TimeoutExpired":
		return &platform.TimeoutExpired{Pid: pid, Name: name, Seconds: float64(lua.LVAsNumber(t.RawGetString("seconds")))}
	}
	return nil
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
	// GetMetaField reads the raw metatable, past __metatable protection.
	class, ok := L.GetMetaField(v, "__class").(*lua.LTable)
	if !ok || !isErrorClass(L, class) {
		L.Push(lua.LFalse)
		return 1
	}
	for c := class; c != nil; c, _ = c.RawGetString("__parent").(*lua.LTable) {
		if want == nil || c == want {
			L.Push(lua.LTrue)
			return 1
		}
	}
	L.Push(lua.LFalse)
	return 1
}

func isErrorClass(L *lua.LState, class *lua.LTable) bool {
	return errorClasses(L).RawGetString(class.RawGetString("__name").String()) == class
}

// ErrorValue returns the Lua value of a psutil error (nil for other
// errors), for Go functions that raise psutil's errors themselves.
func ErrorValue(L *lua.LState, err error) lua.LValue {
	if v := newErrorValue(L, err); v != nil {
		return v
	}
	return lua.LNil
}

// isPsutilError reports whether err is one of psutil's classes.
func isPsutilError(err error) bool {
	var e platform.Error
	return errors.As(err, &e)
}
