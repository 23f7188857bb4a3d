package bindings

import (
	"fmt"
	"math"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// What psutil has only on Windows: its constants, win_service_iter,
// win_service_get and the WindowsService object, and Process.num_handles.

// loadOS adds Windows' constants and functions to the module, and removes
// the Linux constants psutil does not define there.
func (m *Module) loadOS(L *lua.LState, mod *lua.LTable) {
	for name, v := range map[string]int{
		"ABOVE_NORMAL_PRIORITY_CLASS": platform.ABOVE_NORMAL_PRIORITY_CLASS,
		"BELOW_NORMAL_PRIORITY_CLASS": platform.BELOW_NORMAL_PRIORITY_CLASS,
		"HIGH_PRIORITY_CLASS":         platform.HIGH_PRIORITY_CLASS,
		"IDLE_PRIORITY_CLASS":         platform.IDLE_PRIORITY_CLASS,
		"NORMAL_PRIORITY_CLASS":       platform.NORMAL_PRIORITY_CLASS,
		"REALTIME_PRIORITY_CLASS":     platform.REALTIME_PRIORITY_CLASS,
		"IOPRIO_VERYLOW":              int(platform.IOPRIO_VERYLOW),
		"IOPRIO_LOW":                  int(platform.IOPRIO_LOW),
		"IOPRIO_NORMAL":               int(platform.IOPRIO_NORMAL),
		"IOPRIO_HIGH":                 int(platform.IOPRIO_HIGH),
	} {
		mod.RawSetString(name, lua.LNumber(v))
	}
	mod.RawSetString("CONN_DELETE_TCB", lua.LString(platform.CONN_DELETE_TCB))
	for _, name := range []string{
		"IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE",
		"RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK", "RLIMIT_CORE", "RLIMIT_RSS",
		"RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS", "RLIMIT_LOCKS",
		"RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME",
		"RLIM_INFINITY",
	} {
		mod.RawSetString(name, lua.LNil)
	}
	mod.RawSetString("win_service_iter", L.NewFunction(m.winServiceIter))
	mod.RawSetString("win_service_get", L.NewFunction(m.winServiceGet))
}

// processMethodsOS gives ionice Windows' shape, and removes the methods
// psutil's Windows Process lacks (num_handles, which only Windows has, is
// an attribute of platform's table).
func (m *Module) processMethodsOS(methods map[string]lua.LGFunction) {
	for _, name := range []string{"uids", "gids", "terminal", "num_fds", "rlimit", "cpu_num"} {
		delete(methods, name)
	}
	methods["ionice"] = m.procIoniceWindows
}

const winServiceTypeName = "psutil.WindowsService"

// winServiceIter is psutil.win_service_iter(): an iterator over the
// services, for a generic for.
func (m *Module) winServiceIter(L *lua.LState) int {
	svcs, err := m.sys.WinServiceIter()
	if err != nil {
		raise(L, "win_service_iter", err)
	}
	i := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if i >= len(svcs) {
			L.Push(lua.LNil)
			return 1
		}
		i++
		L.Push(m.winService(L, svcs[i-1]))
		return 1
	}))
	return 1
}

func (m *Module) winServiceGet(L *lua.LState) int {
	name := L.CheckString(1)
	w, err := m.sys.WinServiceGet(name)
	if err != nil {
		raise(L, "win_service_get", err)
	}
	L.Push(m.winService(L, w))
	return 1
}

func checkWinService(L *lua.LState) *platform.WindowsService {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if w, ok := ud.Value.(*platform.WindowsService); ok {
			return w
		}
	}
	L.ArgError(1, "psutil.WindowsService expected, got "+typeName(L, L.Get(1)))
	return nil
}

func (m *Module) winService(L *lua.LState, w *platform.WindowsService) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = w
	L.SetMetatable(ud, m.winServiceMetatable(L))
	return ud
}

// winServiceMetatable is made once per state.
func (m *Module) winServiceMetatable(L *lua.LState) *lua.LTable {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if mt, ok := reg.RawGetString(winServiceTypeName).(*lua.LTable); ok {
		return mt
	}
	str := func(name string, f func(*platform.WindowsService) (string, error)) lua.LGFunction {
		return func(L *lua.LState) int {
			v, err := f(checkWinService(L))
			if err != nil {
				raise(L, name, err)
			}
			L.Push(lua.LString(v))
			return 1
		}
	}
	methods := map[string]lua.LGFunction{
		"name":         str("name", func(w *platform.WindowsService) (string, error) { return w.Name(), nil }),
		"display_name": str("display_name", func(w *platform.WindowsService) (string, error) { return w.DisplayName(), nil }),
		"binpath":      str("binpath", (*platform.WindowsService).Binpath),
		"username":     str("username", (*platform.WindowsService).Username),
		"start_type":   str("start_type", (*platform.WindowsService).StartType),
		"status":       str("status", (*platform.WindowsService).Status),
		"description":  str("description", (*platform.WindowsService).Description),
		"pid": func(L *lua.LState) int {
			pid, err := checkWinService(L).Pid()
			if err != nil {
				raise(L, "pid", err)
			}
			if pid == nil {
				L.Push(lua.LNil)
			} else {
				L.Push(lua.LNumber(*pid))
			}
			return 1
		},
		"as_dict": func(L *lua.LState) int {
			d, err := checkWinService(L).AsDict()
			if err != nil {
				raise(L, "as_dict", err)
			}
			t := L.NewTable()
			for k, v := range map[string]string{"name": d.Name, "display_name": d.DisplayName, "binpath": d.Binpath,
				"username": d.Username, "start_type": d.StartType, "status": d.Status, "description": d.Description} {
				t.RawSetString(k, lua.LString(v))
			}
			if d.Pid != nil {
				t.RawSetString("pid", lua.LNumber(*d.Pid))
			}
			L.Push(t)
			return 1
		},
	}
	index := L.NewTable()
	for name, fn := range methods {
		index.RawSetString(name, L.NewFunction(fn))
	}
	mt := L.NewTable()
	mt.RawSetString("__name", lua.LString(winServiceTypeName))
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	mt.RawSetString("__index", index)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		w := checkWinService(L)
		L.Push(lua.LString(fmt.Sprintf("<%s at %p>", w, w)))
		return 1
	}))
	mt.RawSetString("__eq", L.NewFunction(func(L *lua.LState) int {
		a, _ := L.Get(1).(*lua.LUserData)
		b, _ := L.Get(2).(*lua.LUserData)
		wa, oka := a.Value.(*platform.WindowsService)
		wb, okb := b.Value.(*platform.WindowsService)
		L.Push(lua.LBool(oka && okb && wa.Name() == wb.Name()))
		return 1
	}))
	reg.RawSetString(winServiceTypeName, mt)
	return mt
}

// procIoniceWindows is Process.ionice([ioclass]) on Windows: the I/O
// priority is one number (psutil.IOPRIO_VERYLOW to IOPRIO_HIGH), with no
// value within it.
func (m *Module) procIoniceWindows(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "ionice", "ioclass", "value")
	if p.get(1) != lua.LNil {
		p.argError(1, "value argument not accepted on Windows")
	}
	if p.get(0) == lua.LNil {
		v, err := lp.p.Ionice()
		return m.procResult(L, lp, "ionice", int(v.Ioclass), err)
	}
	m.readOnlyCheck(L, "setting ionice")
	class, _ := p.optNumber(0)
	if class < 0 || class > 3 || class != math.Trunc(class) {
		p.argError(0, "%s is not a valid ioclass (use psutil.IOPRIO_VERYLOW ... IOPRIO_HIGH)", NumberRepr(class))
	}
	if err := lp.p.SetIonice(platform.IOPriorityClass(class), 0); err != nil {
		raise(L, "ionice", err)
	}
	return 0
}
