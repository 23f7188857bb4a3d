package bindings

import (
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
		procs, err = m.sys.ProcessIterAttrsContext(lctx(L), attrs)
	} else {
		procs, err = m.sys.ProcessIterContext(lctx(L))
	}
	if err != nil {
		p.raiseOrArgError(0, "process_iter", err)
	}
	// The same userdata for the same process on every pass, as psutil's
	// process table gives the same object: tables keyed by process work.
	objs := iterObjects(L)
	prev := objs.byProc
	objs.byProc = make(map[*platform.Process]*lua.LUserData, len(procs))
	for _, proc := range procs {
		if ud, ok := prev[proc]; ok {
			objs.byProc[proc] = ud
		}
	}
	byProc := objs.byProc
	i := 0
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if i >= len(procs) {
			return 0
		}
		proc := procs[i]
		i++
		ud, ok := byProc[proc]
		if !ok {
			ud = m.pushProcess(L, proc).(*lua.LUserData)
			byProc[proc] = ud
		}
		lp := ud.Value.(*luaProcess)
		// p.info is built when a script reads it: most read the methods.
		lp.info, lp.hasInfo, lp.adValue = nil, withAttrs, lua.LNil
		if withAttrs {
			lp.adValue = adValue
		}
		L.Push(ud)
		return 1
	}))
	return 1
}

// processIterObjects are the userdata process_iter gave for each process
// of its last pass, kept in the state's registry.
type processIterObjects struct {
	byProc map[*platform.Process]*lua.LUserData
}

const processIterObjectsKey = "psutil.process_iter.objects"

func iterObjects(L *lua.LState) *processIterObjects {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if ud, ok := reg.RawGetString(processIterObjectsKey).(*lua.LUserData); ok {
		return ud.Value.(*processIterObjects)
	}
	objs := &processIterObjects{}
	ud := L.NewUserData()
	ud.Value = objs
	reg.RawSetString(processIterObjectsKey, ud)
	return objs
}

// psProcessIterCacheClear is process_iter.cache_clear(): the next pass
// makes new objects.
func (m *Module) psProcessIterCacheClear(L *lua.LState) int {
	newParams(L, "cache_clear")
	m.sys.ProcessIterCacheClear()
	iterObjects(L).byProc = nil
	return 0
}

// infoTable is p.info: the prefetched attributes by name.
func (m *Module) infoTable(L *lua.LState, p *platform.Process, adValue lua.LValue) *lua.LTable {
	names := p.PrefetchedNames()
	fields := make([]dictField, len(names))
	for i, name := range names {
		fields[i] = dictField{name, adValue}
		if v, _, err := p.Prefetched(name); err == nil && !m.hides(name, p) {
			fields[i].value = m.toLua(L, v)
		}
	}
	return m.dicts.table(L, fields)
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
	n := t.Len() // once: it walks back over trailing nils
	for i := 1; i <= n; i++ {
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
	// An error in the callback goes up through WaitProcs, ending the wait
	// at once, as it would in psutil. (Not a protected call: see
	// engine/overflow.go.)
	gone, alive, err := m.sys.WaitProcs(lctx(L), procs, timeout, func(proc *platform.Process) {
		if callback != nil {
			L.Push(callback)
			L.Push(byProc[proc])
			L.Call(1, 0)
		}
	})
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
	v, err := m.sys.NetConnectionsContext(lctx(L), p.connKind(0))
	p.checkConnKind(0, err)
	return pushList(L, "net_connections", v, err)
}

// psPopen is psutil.Popen(args, {stdin=, stdout=, stderr=, cwd=, env=,
// shell=}): args is a list of strings, or one string (the program, or
// with shell the command line).
func (m *Module) psPopen(L *lua.LState) int {
	m.readOnlyCheck(L, "Popen")
	p := newParams(L, "Popen", "args", "stdin", "stdout", "stderr", "cwd", "env", "shell")
	var args []string
	switch v := p.get(0).(type) {
	case lua.LString:
		args = []string{string(v)}
	case *lua.LTable:
		for i, count := 1, v.Len(); i <= count; i++ {
			s, ok := v.RawGetInt(i).(lua.LString)
			if !ok {
				p.argError(0, "element %d is not a string", i)
			}
			args = append(args, string(s))
		}
	}
	if len(args) == 0 {
		p.argError(0, "a command string or a non-empty list of strings expected, got %s", typeName(L, p.get(0)))
	}
	var opts platform.PopenOptions
	stream := func(i int, dst *platform.Stream) {
		switch v := p.get(i).(type) {
		case *lua.LNilType:
			return
		case lua.LNumber:
			if s := platform.Stream(v); s == platform.Pipe || s == platform.DevNull {
				*dst = s
				return
			}
		}
		p.argError(i, "psutil.PIPE, psutil.DEVNULL or nil expected, got %s", L.ToStringMeta(p.get(i)).String())
	}
	stream(1, &opts.Stdin)
	stream(2, &opts.Stdout)
	stream(3, &opts.Stderr)
	switch cwd := p.get(4).(type) {
	case *lua.LNilType:
	case lua.LString:
		opts.Dir = string(cwd)
	default:
		p.argError(4, "string expected, got %s", typeName(L, cwd))
	}
	switch env := p.get(5).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		opts.Env = []string{}
		env.ForEach(func(k, v lua.LValue) { opts.Env = append(opts.Env, k.String()+"="+v.String()) })
		sort.Strings(opts.Env)
	default:
		p.argError(5, "a table of variables expected, got %s", typeName(L, env))
	}
	opts.Shell = p.optBool(6, false)
	pp, err := m.sys.Popen(args, opts)
	if err != nil {
		if isPsutilError(err) {
			raise(L, "Popen", err)
		}
		L.RaiseError("psutil.Popen: %s", err.Error())
	}
	ud := m.pushProcess(L, pp.Process).(*lua.LUserData)
	lp := ud.Value.(*luaProcess)
	lp.popen = pp
	lp.pipes = map[string]lua.LValue{"stdin": lua.LNil, "stdout": lua.LNil, "stderr": lua.LNil}
	if w := pp.Stdin(); w != nil {
		lp.pipes["stdin"] = pushPipe(L, &pipeFile{name: "stdin", w: w, close: w.Close})
	}
	if r := pp.Stdout(); r != nil {
		lp.pipes["stdout"] = pushPipe(L, &pipeFile{name: "stdout", r: r.Reader, close: r.Close})
	}
	if r := pp.Stderr(); r != nil {
		lp.pipes["stderr"] = pushPipe(L, &pipeFile{name: "stderr", r: r.Reader, close: r.Close})
	}
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
