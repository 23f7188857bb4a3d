package stdlib

import (
	"sort"

	lua "github.com/yuin/gopher-lua"
)

// The signal module: this system's signal numbers by name, as Python's
// signal module gives them (signal.SIGTERM), for p:send_signal(signal.SIGTERM).
// The numbers come from golang.org/x/sys for the GOOS psulua was built
// for (signal_unix.go, signal_linux.go, signal_windows.go); a name the
// system does not have is nil.
//
//   - signal.SIGTERM, signal.SIGKILL, ...: the numbers
//   - signal.NSIG: one more than the highest signal number
//   - signal.name(n): the name of signal n ("SIGTERM"), or nil
//   - signal.names(): every name, sorted

// signalNumbers lists this system's signals by name; signalNames gives the
// preferred name of each number (aliases such as SIGIOT are left out).
var signalNumbers, signalNames, signalNSIG = systemSignals()

func signalLoader(L *lua.LState) int {
	mod := L.CreateTable(0, len(signalNumbers)+3)
	for name, n := range signalNumbers {
		mod.RawSetString(name, lua.LNumber(n))
	}
	mod.RawSetString("NSIG", lua.LNumber(signalNSIG))
	mod.RawSetString("name", L.NewFunction(signalName))
	mod.RawSetString("names", L.NewFunction(signalNameList))
	L.Push(mod)
	return 1
}

// signalName is signal.name(n).
func signalName(L *lua.LState) int {
	n, isNum := L.Get(1).(lua.LNumber)
	if !isNum {
		L.RaiseError("bad argument #1 to 'name' (number expected, got %s)", L.Get(1).Type().String())
	}
	if name, ok := signalNames[int(n)]; ok && float64(int(n)) == float64(n) {
		L.Push(lua.LString(name))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

// signalNameList is signal.names().
func signalNameList(L *lua.LState) int {
	names := make([]string, 0, len(signalNumbers))
	for name := range signalNumbers {
		names = append(names, name)
	}
	sort.Strings(names)
	t := L.CreateTable(len(names), 0)
	for _, name := range names {
		t.Append(lua.LString(name))
	}
	L.Push(t)
	return 1
}
