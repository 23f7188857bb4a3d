package bindings

import (
	"context"
	"math"
	"sort"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// The module functions about processes: pids, pid_exists, process_iter,
// wait_procs, net_connections, and the Process and Popen constructors.

func (m *Module) psPids(L *lua.LState) int {
	newParams(L, "pids")
	pids, err := m.sys.Pids()
	if err != nil {
		raise(L, "pids", err)
	}
	L.Push(numberList(L, pids))
	return 1
}

func (m *Module) psPidExists(L *lua.LState) int {
	p := newParams(L, "pid_exists", "pid")
	if n, ok := p.get(0).(lua.LNumber); ok && (n < 0 || n > math.MaxInt32) {
		L.Push(lua.LFalse) // psutil: no such pid, not an error
		return 1
	}
	L.Push(lua.LBool(m.sys.PidExists(checkPid(p, 0))))
	return 1
}

// psProcessIter is psutil.process_iter(attrs, ad_value): an iterator for a
// generic for. With attrs, each process's attributes are read once
// (p.info, and what its methods then return; ad_value where reading was
// denied). Processes that end while being read are skipped.
func (m *Module) psProcessIter(L *lua.LState) int {
	p := newParams(L, "process_iter", "attrs", "ad_value")
	attrs := checkAttrs(p, 0)
	withAttrs := p.get(0) != lua.LNil
	adValue := p.get(1)
	var procs []*platform.Process
	var err error
	if withAttrs {
		procs, err = m.sys.ProcessIterAttrs(attrs)
	} else {
		procs, err = m.sys.ProcessIter()
	}
	if err != nil {
		p.raiseOrArgError(0, "process_iter", err)
	}
	i := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if i >= len(procs) {
			return 0
		}
		proc := procs[i]
		i++
		ud := m.pushProcess(L, proc).(*lua.LUserData)
		lp := ud.Value.(*luaProcess)
		if withAttrs {
			// p.info is built when a script reads it: most read the methods.
			lp.adValue, lp.hasInfo = adValue, true
		}
		L.Push(ud)
		return 1
	}))
	return 1
}

// infoTable is p.info: the prefetched attributes by name.
func (m *Module) infoTable(L *lua.LState, p *platform.Process, adValue lua.LValue) *lua.LTable {
	names := p.PrefetchedNames()
	t := L.CreateTable(0, len(names))
	for _, name := range names {
		v, _, err := p.Prefetched(name)
		if err != nil || m.hides(name, p) {
			t.RawSetString(name, adValue)
			continue
		}
		t.RawSetString(name, m.toLua(L, v))
	}
	return t
}

// psWaitProcs is psutil.wait_procs(procs, timeout, callback): it returns
// gone, alive; each gone process has its returncode in p.returncode.
func (m *Module) psWaitProcs(L *lua.LState) int {
	p := newParams(L, "wait_procs", "procs", "timeout", "callback")
	t, ok := p.get(0).(*lua.LTable)
	if !ok {
		p.argError(0, "a list of psutil.Process expected, got %s", typeName(L, p.get(0)))
	}
	var procs []*platform.Process
	byProc := map[*platform.Process]lua.LValue{}
	for i := 1; i <= t.Len(); i++ {
		ud, ok := t.RawGetInt(i).(*lua.LUserData)
		lp, ok2 := (*luaProcess)(nil), false
		if ok {
			lp, ok2 = ud.Value.(*luaProcess)
		}
		if !ok2 {
			p.argError(0, "element %d is not a psutil.Process", i)
		}
		procs = append(procs, lp.p)
		byProc[lp.p] = ud
	}
	timeout := waitTimeout(p, 1)
	var callback *lua.LFunction
	if cb := p.get(2); cb != lua.LNil {
		if callback, ok = cb.(*lua.LFunction); !ok {
			p.argError(2, "function expected, got %s", typeName(L, cb))
		}
	}
	m.readOnlyCheck(L, "wait_procs")
	// An error in the callback ends the wait at once, as it would in psutil.
	ctx, cancel := context.WithCancel(lctx(L))
	defer cancel()
	var cbErr error
	gone, alive, err := m.sys.WaitProcs(ctx, procs, timeout, func(proc *platform.Process) {
		if callback == nil || cbErr != nil {
			return
		}
		L.Push(callback)
		L.Push(byProc[proc])
		if cbErr = L.PCall(1, 0, keepErrorHandler(L)); cbErr != nil {
			cancel()
		}
	})
	if cbErr != nil {
		if le, ok := cbErr.(*lua.ApiError); ok {
			L.Error(le.Object, 0)
		}
		L.RaiseError("%s", cbErr.Error())
	}
	if err != nil {
		raise(L, "wait_procs", err)
	}
	list := func(ps []*platform.Process) *lua.LTable {
		out := L.CreateTable(len(ps), 0)
		for _, proc := range ps {
			out.Append(byProc[proc])
		}
		return out
	}
	L.Push(list(gone))
	L.Push(list(alive))
	return 2
}

func (m *Module) psNetConnections(L *lua.LState) int {
	p := newParams(L, "net_connections", "kind")
	v, err := m.sys.NetConnections(p.connKind(0))
	p.checkConnKind(0, err)
	return pushList(L, "net_connections", v, err)
}

// psPopen is psutil.Popen(args, {stdin=, stdout=, stderr=, cwd=, env=}).
func (m *Module) psPopen(L *lua.LState) int {
	m.readOnlyCheck(L, "Popen")
	p := newParams(L, "Popen", "args", "options")
	t, ok := p.get(0).(*lua.LTable)
	if !ok || t.Len() == 0 {
		p.argError(0, "a non-empty list of strings expected, got %s", typeName(L, p.get(0)))
	}
	var args []string
	for i := 1; i <= t.Len(); i++ {
		s, ok := t.RawGetInt(i).(lua.LString)
		if !ok {
			p.argError(0, "element %d is not a string", i)
		}
		args = append(args, string(s))
	}
	var opts platform.PopenOptions
	if o := p.get(1); o != lua.LNil {
		ot, ok := o.(*lua.LTable)
		if !ok {
			p.argError(1, "a table of options expected, got %s", typeName(L, o))
		}
		stream := func(name string, dst *platform.Stream) {
			switch v := ot.RawGetString(name).(type) {
			case *lua.LNilType:
			case lua.LNumber:
				if s := platform.Stream(v); s == platform.Pipe || s == platform.DevNull {
					*dst = s
					return
				}
				p.argError(1, "%s must be psutil.PIPE, psutil.DEVNULL or nil", name)
			default:
				p.argError(1, "%s must be psutil.PIPE, psutil.DEVNULL or nil", name)
			}
		}
		stream("stdin", &opts.Stdin)
		stream("stdout", &opts.Stdout)
		stream("stderr", &opts.Stderr)
		if cwd, ok := ot.RawGetString("cwd").(lua.LString); ok {
			opts.Dir = string(cwd)
		}
		if env, ok := ot.RawGetString("env").(*lua.LTable); ok {
			opts.Env = []string{}
			env.ForEach(func(k, v lua.LValue) { opts.Env = append(opts.Env, k.String()+"="+v.String()) })
			sort.Strings(opts.Env)
		}
	}
	pp, err := m.sys.Popen(args, opts)
	if err != nil {
		if isPsutilError(err) {
			raise(L, "Popen", err)
		}
		L.RaiseError("psutil.Popen: %s", err.Error())
	}
	ud := m.pushProcess(L, pp.Process).(*lua.LUserData)
	ud.Value.(*luaProcess).popen = pp
	L.Push(ud)
	return 1
}

// popenMethods are a Popen's own methods, beside every Process method.
func (m *Module) popenMethods() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"poll": func(L *lua.LState) int {
			lp := checkPopen(L)
			if code := lp.popen.Poll(); code != nil {
				L.Push(lua.LNumber(*code))
			} else {
				L.Push(lua.LNil)
			}
			return 1
		},
		"communicate": func(L *lua.LState) int {
			lp := checkPopen(L)
			p := methodParams(L, "communicate", "input", "timeout")
			var input []byte
			if p.get(0) != lua.LNil {
				input = []byte(p.checkString(0))
			}
			timeout := waitTimeout(p, 1)
			out, errOut, err := lp.popen.Communicate(lctx(L), input, timeout)
			if err != nil {
				if isPsutilError(err) {
					raise(L, "communicate", err)
				}
				L.RaiseError("communicate: %s", err.Error())
			}
			for _, b := range [][]byte{out, errOut} {
				if b == nil {
					L.Push(lua.LNil)
				} else {
					L.Push(lua.LString(b))
				}
			}
			return 2
		},
	}
}

func checkPopen(L *lua.LState) *luaProcess {
	lp := checkProcess(L, 1)
	if lp.popen == nil {
		L.ArgError(1, "psutil.Popen expected")
	}
	return lp
}
