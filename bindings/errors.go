package bindings

import (
	"errors"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
	"github.com/psulua/psulua/platform"
)

// psutil's exception classes as Lua values. A class is a read-only table
// (psutil.NoSuchProcess) whose tostring is "psutil.NoSuchProcess"; an error
// is a table with the attributes psutil's exceptions carry (msg, pid, name,
// ppid, seconds) whose protected metatable names its class and gives
// psutil's str() through __tostring:
// "psutil.NoSuchProcess: process no longer exists (pid=42)".
//
// The hierarchy and the error metatables live on the Go side, out of
// scripts' reach: a script can neither forge an error value nor make the
// hierarchy loop.

var errorClassNames = []struct{ name, parent string }{
	{"Error", ""},
	{"NoSuchProcess", "Error"},
	{"ZombieProcess", "NoSuchProcess"},
	{"AccessDenied", "Error"},
	{"TimeoutExpired", "Error"},
}

// errorClassSet is one state's classes.
type errorClassSet struct {
	tables map[*lua.LTable]int // class table -> index in errorClassNames
	byName map[string]*lua.LTable
	mts    []*lua.LTable // metatable of each class's error values
}

const errorClassesKey = "psutil.errorclasses"

// errorClasses returns L's classes, made once per state.
func errorClasses(L *lua.LState) *errorClassSet {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if ud, ok := reg.RawGetString(errorClassesKey).(*lua.LUserData); ok {
		return ud.Value.(*errorClassSet)
	}
	set := &errorClassSet{tables: map[*lua.LTable]int{}, byName: map[string]*lua.LTable{}}
	for i, c := range errorClassNames {
		name := c.name
		class := L.CreateTable(0, 0)
		classMT := L.CreateTable(0, 4)
		classMT.RawSetString("__metatable", lua.LString(protectedMetatable))
		classMT.RawSetString("__index", L.CreateTable(0, 0))
		classMT.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
			L.RaiseError("psutil.%s is read-only", name)
			return 0
		}))
		classMT.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString("psutil." + name))
			return 1
		}))
		L.SetMetatable(class, classMT)
		mt := L.CreateTable(0, 4)
		mt.RawSetString("__name", lua.LString("psutil."+name))
		mt.RawSetString("__metatable", lua.LString(protectedMetatable))
		mt.RawSetString("__tostring", L.NewFunction(errorToString))
		mt.RawSetString("__concat", L.NewFunction(errorConcat))
		set.tables[class] = i
		set.byName[name] = class
		set.mts = append(set.mts, mt)
	}
	ud := L.NewUserData()
	ud.Value = set
	reg.RawSetString(errorClassesKey, ud)
	return set
}

// classOfValue returns the index of v's class, or -1 when v is not a psutil
// error: a table whose (raw) metatable is one of ours.
func classOfValue(L *lua.LState, v lua.LValue) int {
	t, ok := v.(*lua.LTable)
	if !ok {
		return -1
	}
	for i, mt := range errorClasses(L).mts {
		if t.Metatable == mt {
			return i
		}
	}
	return -1
}

// isSubclass reports whether class i is class want or derives from it.
func isSubclass(i, want int) bool {
	for steps := 0; steps < len(errorClassNames); steps++ {
		if i == want {
			return true
		}
		parent := errorClassNames[i].parent
		if parent == "" {
			return false
		}
		for j, c := range errorClassNames {
			if c.name == parent {
				i = j
			}
		}
	}
	return false
}

// errorConcat lets an error stand where a string does: "failed: " .. err.
func errorConcat(L *lua.LState) int {
	str := func(v lua.LValue) string {
		switch v.(type) {
		case lua.LString, lua.LNumber:
			return L.ToStringMeta(v).String()
		}
		if classOfValue(L, v) >= 0 {
			return errorString(L, v.(*lua.LTable))
		}
		L.RaiseError("attempt to concatenate a %s value", v.Type().String())
		return ""
	}
	a, b := str(L.Get(1)), str(L.Get(2))
	if n := len(a) + len(b); n >= 1<<20 {
		lua51.CheckGrowth(L, "'..'", n) // the string operand may be any length
	}
	L.Push(lua.LString(a + b))
	return 1
}

func errorToString(L *lua.LState) int {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		L.RaiseError("bad argument #1 to '__tostring' (psutil error expected)")
	}
	L.Push(lua.LString(errorString(L, t)))
	return 1
}

// errorString is psutil's str() of an error value, its msg cut past
// errorMsgShown bytes: psutil's are a line, and a script may set one of
// hundreds of megabytes, which str() copied twice (220 MB took 3 s).
func errorString(L *lua.LState, v *lua.LTable) string {
	i := classOfValue(L, v)
	msg := lua.LVAsString(v.RawGetString("msg"))
	if len(msg) > errorMsgShown {
		msg = msg[:errorMsgShown] + "... (" + strconv.Itoa(len(msg)) + " bytes)"
	}
	err := goError(v, i, msg)
	if err == nil {
		return "psutil.Error: " + msg
	}
	return "psutil." + errorClassNames[i].name + ": " + err.Error()
}

// errorMsgShown is the most of an error's msg its str() shows.
const errorMsgShown = 1 << 16

// newErrorValue converts a psutil error to its Lua value, or returns nil
// when err is not one of psutil's classes.
func newErrorValue(L *lua.LState, err error) *lua.LTable {
	t := L.CreateTable(0, 6)
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
	set := errorClasses(L)
	L.SetMetatable(t, set.mts[set.tables[set.byName[class]]])
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
	return goError(t, classOfValue(L, v), lua.LVAsString(t.RawGetString("msg")))
}

// goError is GoError of t, of class i, with msg as its message.
func goError(t *lua.LTable, i int, msg string) error {
	if i < 0 {
		return nil
	}
	pid := int(lua.LVAsNumber(t.RawGetString("pid")))
	name := lua.LVAsString(t.RawGetString("name"))
	switch errorClassNames[i].name {
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

// psIsError is psutil.iserror(err [, class, ...]): whether err is a psutil
// error, of one of the given classes or of one derived from them, as
// Python's except (A, B) tests.
func psIsError(L *lua.LState) int {
	var want []int
	for n := 2; n <= L.GetTop(); n++ {
		t, ok := L.Get(n).(*lua.LTable)
		i, known := errorClasses(L).tables[t]
		if !ok || !known {
			L.RaiseError("bad argument #%d to 'iserror' (psutil error class expected, got %s)", n, typeName(L, L.Get(n)))
		}
		want = append(want, i)
	}
	i := classOfValue(L, L.Get(1))
	match := i >= 0 && len(want) == 0
	for _, w := range want {
		match = match || (i >= 0 && isSubclass(i, w))
	}
	L.Push(lua.LBool(match))
	return 1
}

// isPsutilError reports whether err is one of psutil's classes.
func isPsutilError(err error) bool {
	var e platform.Error
	return errors.As(err, &e)
}

// ErrorValue returns the Lua value of a psutil error (nil for other
// errors), for Go functions that raise psutil's errors themselves.
func ErrorValue(L *lua.LState, err error) lua.LValue {
	if v := newErrorValue(L, err); v != nil {
		return v
	}
	return lua.LNil
}
