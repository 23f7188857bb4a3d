package bindings

import (
	"errors"
	"math"
	"slices"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// The psutil.Process object: a userdata holding a *platform.Process, with
// the field p.pid (and p.info after process_iter), psutil's methods called
// with a colon, psutil's repr through tostring and == by pid and creation
// time.

const processTypeName = "psutil.Process"

// luaProcess is the userdata's value.
type luaProcess struct {
	p       *platform.Process
	popen   *platform.Popen       // set for psutil.Popen objects
	info    *lua.LTable           // p.info, built on first use after process_iter(attrs)
	hasInfo bool                  // process_iter(attrs) prefetched this process
	adValue lua.LValue            // what attributes process_iter could not read give
	pipes   map[string]lua.LValue // a Popen's stdin, stdout and stderr
	fast    *processFast          // for FastIndex
}

// processFast is what FastIndex checks and reads: the Process metatable
// of a state, its __index function and its methods.
type processFast struct {
	mt      *lua.LTable
	index   lua.LValue
	methods *lua.LTable
}

// FastIndex gives the engine p.pid and p[key] for a method, from the
// methods table, without a call of __index (engine.FastIndexer): a
// ps-like listing looks up ten methods per process, a monitor p.pid. It
// knows no other field, nothing of a Popen's methods, and nothing once the
// metatable's __index has been replaced (through the debug library).
func (lp *luaProcess) FastIndex(ud *lua.LUserData, key lua.LValue) (lua.LValue, bool) {
	k, ok := key.(lua.LString)
	f := lp.fast
	if !ok || f == nil || ud.Metatable != f.mt || f.mt.RawGetString("__index") != f.index {
		return nil, false
	}
	if k == "pid" {
		return lua.LNumber(lp.p.Pid()), true
	}
	if lp.popen != nil {
		return nil, false
	}
	v := f.methods.RawGetString(string(k))
	return v, v != lua.LNil
}

// processMethods lists every method of psutil.Process: the attributes of
// platform's table read by a getter without arguments, and the methods
// that take arguments or act on the process.
func (m *Module) processMethods() map[string]lua.LGFunction {
	methods := map[string]lua.LGFunction{
		"nice":            m.procNice,
		"ionice":          m.procIonice,
		"rlimit":          m.procRlimit,
		"cpu_affinity":    m.procCPUAffinity,
		"cpu_percent":     m.procCPUPercent,
		"memory_percent":  m.procMemoryPercent,
		"memory_maps":     m.procMemoryMaps,
		"net_connections": m.procNetConnections,
		"connections":     m.procNetConnections, // the name before psutil 6
		"parent":          m.procParent,
		"parents":         m.procParents,
		"children":        m.procChildren,
		"as_dict":         m.procAsDict,
		"oneshot":         m.procOneshot,
		"is_running":      m.procIsRunning,
		"send_signal":     m.procSendSignal,
		"suspend":         m.procControl("suspend", (*platform.Process).Suspend),
		"resume":          m.procControl("resume", (*platform.Process).Resume),
		"terminate":       m.procControl("terminate", (*platform.Process).Terminate),
		"kill":            m.procControl("kill", (*platform.Process).Kill),
		"wait":            m.procWait,
	}
	for _, name := range append(platform.ProcessAttrs(), platform.ProcessDeprecatedAttrs()...) {
		if _, ok := methods[name]; !ok && name != "pid" { // pid is a field
			methods[name] = m.procGetter(name)
		}
	}
	m.processMethodsOS(methods)
	return methods
}

// processMetatable is made once per state: __index serves pid, info and
// the methods; __tostring is psutil's repr; __eq compares identity.
func (m *Module) processMetatable(L *lua.LState) *lua.LTable {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if mt, ok := reg.RawGetString(processTypeName).(*lua.LTable); ok {
		return mt
	}
	methods := L.NewTable()
	getters := platform.ProcessAttrs()
	for name, fn := range m.processMethods() {
		f := L.NewFunction(method(name, processTypeName, fn))
		methods.RawSetString(name, f)
		if name != "cpu_percent" && slices.Contains(getters, name) {
			markReading(L, f)
		}
	}
	popenMethods := L.NewTable()
	methods.ForEach(func(k, v lua.LValue) { popenMethods.RawSet(k, v) })
	for name, fn := range m.popenMethods() {
		popenMethods.RawSetString(name, L.NewFunction(method(name, "psutil.Popen", fn)))
	}
	mt := L.NewTable()
	mt.RawSetString("__name", lua.LString(processTypeName))
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	mt.RawSetString("__methods", methods)            // for the REPL's completion
	mt.RawSetString("__popen_methods", popenMethods) // for help and dir
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		lp := checkProcess(L, 1)
		k, ok := L.Get(2).(lua.LString)
		if !ok {
			L.Push(lua.LNil)
			return 1
		}
		key := string(k)
		switch key {
		case "pid":
			L.Push(lua.LNumber(lp.p.Pid()))
			return 1
		case "info":
			if lp.info == nil {
				if lp.hasInfo {
					lp.info = m.infoTable(L, lp.p, lp.adValue)
				} else {
					lp.info = L.CreateTable(0, 0) // psutil 8: {} when nothing was prefetched
				}
			}
			L.Push(lp.info)
			return 1
		case "returncode": // set by wait_procs, and for a Popen once it exited
			code, ok := lp.p.Returncode()
			if lp.popen != nil {
				code, ok = lp.popen.Returncode()
			}
			if ok {
				L.Push(lua.LNumber(code))
			} else {
				L.Push(lua.LNil)
			}
			return 1
		}
		if lp.popen != nil {
			switch key {
			case "args":
				L.Push(stringList(L, lp.popen.Args()))
				return 1
			case "stdin", "stdout", "stderr":
				L.Push(lp.pipes[key])
				return 1
			}
			if fn := popenMethods.RawGetString(key); fn != lua.LNil {
				L.Push(fn)
				return 1
			}
			noAttribute(L, "'Popen' object", key, processFieldNames(popenMethods, true))
		}
		if fn := methods.RawGetString(key); fn != lua.LNil {
			L.Push(fn)
			return 1
		}
		noAttribute(L, "'Process' object", key, processFieldNames(methods, false))
		return 0
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		lp := checkProcess(L, 1)
		s := lp.p.String()
		if lp.popen != nil {
			s = "psutil.Popen" + s[len("psutil.Process"):]
		}
		L.Push(lua.LString(s))
		return 1
	}))
	mt.RawSetString("__eq", L.NewFunction(func(L *lua.LState) int {
		a, b := checkProcess(L, 1), checkProcess(L, 2)
		L.Push(lua.LBool(a.p.Equal(b.p)))
		return 1
	}))
	reg.RawSetString(processTypeName, mt)
	return mt
}

// The fields a Process's __index serves besides its methods, and those a
// Popen adds: for suggestions, dir and completion.
var (
	processFields = []string{"pid", "info", "returncode"}
	popenFields   = []string{"args", "stdin", "stdout", "stderr"}
)

// ObjectFields are the fields (not the methods) of a psutil.Process or
// Popen, or nil when v is not one.
func ObjectFields(v lua.LValue) []string {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return nil
	}
	lp, ok := ud.Value.(*luaProcess)
	if !ok {
		return nil
	}
	if lp.popen != nil {
		return append(slices.Clone(processFields), popenFields...)
	}
	return processFields
}

// processFieldNames are what a Process answers: its fields and methods
// (a Popen's too), for suggestions.
func processFieldNames(methods *lua.LTable, popen bool) []string {
	names := slices.Clone(processFields)
	if popen {
		names = append(names, popenFields...)
	}
	methods.ForEach(func(k, _ lua.LValue) { names = append(names, lua.LVAsString(k)) })
	return names
}

func (m *Module) pushProcess(L *lua.LState, p *platform.Process) lua.LValue {
	if p == nil {
		return lua.LNil
	}
	ud := L.NewUserData()
	mt := m.processMetatable(L)
	fast := m.fast.Load()
	if fast == nil || fast.mt != mt {
		methods, _ := mt.RawGetString("__methods").(*lua.LTable)
		fast = &processFast{mt: mt, index: mt.RawGetString("__index"), methods: methods}
		m.fast.Store(fast)
	}
	ud.Value = &luaProcess{p: p, adValue: lua.LNil, fast: fast}
	L.SetMetatable(ud, mt)
	return ud
}

// method checks that a method was called on a Process (p:name(), not
// p.name()), so that the error names the method.
func method(name, typ string, fn lua.LGFunction) lua.LGFunction {
	return func(L *lua.LState) int {
		ud, ok := L.Get(1).(*lua.LUserData)
		if ok {
			_, ok = ud.Value.(*luaProcess)
		}
		if !ok {
			L.RaiseError("bad argument #1 to '%s' (%s expected, got %s; call it as p:%s())", name, typ, typeName(L, L.Get(1)), name)
		}
		return fn(L)
	}
}

func checkProcess(L *lua.LState, n int) *luaProcess {
	if ud, ok := L.Get(n).(*lua.LUserData); ok {
		if lp, ok := ud.Value.(*luaProcess); ok {
			return lp
		}
	}
	L.ArgError(n, "psutil.Process expected, got "+typeName(L, L.Get(n)))
	return nil
}

// psProcess is psutil.Process([pid]): the calling process without a pid.
func (m *Module) psProcess(L *lua.LState) int {
	p := newParams(L, "Process", "pid")
	var proc *platform.Process
	var err error
	if p.get(0) == lua.LNil {
		proc, err = m.sys.Self()
	} else {
		proc, err = m.sys.NewProcess(checkPid(p, 0))
	}
	if err != nil {
		raise(L, "Process", err)
	}
	L.Push(m.pushProcess(L, proc))
	return 1
}

// checkPid reads a pid argument: a whole number from 0 to 2^31-1, as psutil
// checks it (TypeError, ValueError).
func checkPid(p params, i int) int {
	v := p.get(i)
	n, ok := v.(lua.LNumber)
	if !ok {
		p.argError(i, "pid must be an integer (got %s)", typeName(p.L, v))
	}
	f := float64(n)
	if f != math.Trunc(f) {
		p.argError(i, "pid must be an integer (got %s)", NumberRepr(f))
	}
	if f < 0 {
		p.argError(i, "pid must be a positive integer (got %s)", NumberRepr(f))
	}
	if f > math.MaxInt32 {
		p.argError(i, "pid is too large (got %s)", NumberRepr(f))
	}
	return int(f)
}

// procResult pushes a method's result, or raises its error; an attribute
// that process_iter could not read gives the ad_value it was asked with.
func (m *Module) procResult(L *lua.LState, lp *luaProcess, fn string, v any, err error) int {
	if err != nil {
		var pe *platform.PrefetchedError
		if errors.As(err, &pe) {
			L.Push(lp.adValue)
			return 1
		}
		raise(L, fn, err)
	}
	L.Push(m.toLua(L, v))
	return 1
}

// procGetter is a method without arguments that reads the attribute name.
func (m *Module) procGetter(name string) lua.LGFunction {
	get, err := platform.ProcessAttrFunc(name)
	if err != nil {
		panic("bindings: " + err.Error()) // the names come from platform.ProcessAttrs
	}
	return func(L *lua.LState) int {
		lp := checkProcess(L, 1)
		if L.GetTop() > 1 {
			L.RaiseError("%s() takes no arguments (%d given)", name, L.GetTop()-1)
		}
		if m.hides(name, lp.p) {
			raise(L, name, m.hiddenError(name, lp.p))
		}
		v, err := get(lp.p)
		return m.procResult(L, lp, name, v, err)
	}
}

func (m *Module) readOnlyCheck(L *lua.LState, what string) {
	if m.ReadOnly {
		blocked(L, what)
	}
}

func (m *Module) procNice(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "nice", "value")
	if p.get(0) == lua.LNil {
		v, err := lp.p.Nice()
		return m.procResult(L, lp, "nice", v, err)
	}
	m.readOnlyCheck(L, "setting nice")
	n, _ := p.optNumber(0)
	if n != math.Trunc(n) {
		p.argError(0, "an integer is required (got %s)", NumberRepr(n))
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		p.argError(0, "value out of range (got %s)", NumberRepr(n))
	}
	if err := lp.p.SetNice(int(n)); err != nil {
		raise(L, "nice", err)
	}
	return 0
}

func (m *Module) procIonice(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "ionice", "ioclass", "value")
	if p.get(0) == lua.LNil {
		if p.get(1) != lua.LNil {
			p.argError(0, "'ioclass' argument must be specified")
		}
		v, err := lp.p.Ionice()
		return m.procResult(L, lp, "ionice", v, err)
	}
	m.readOnlyCheck(L, "setting ionice")
	class, _ := p.optNumber(0)
	if class < 0 || class > 3 || class != math.Trunc(class) {
		p.argError(0, "%s is not a valid ioclass (use psutil.IOPRIO_CLASS_*)", NumberRepr(class))
	}
	value, _ := p.optNumber(1)
	if value != math.Trunc(value) {
		p.argError(1, "an integer is required (got %s)", NumberRepr(value))
	}
	if err := lp.p.SetIonice(platform.IOPriorityClass(class), int(value)); err != nil {
		raise(L, "ionice", err)
	}
	return 0
}

func (m *Module) procRlimit(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "rlimit", "resource", "limits")
	res, ok := p.optNumber(0)
	if !ok || res != math.Trunc(res) {
		p.argError(0, "a psutil.RLIMIT_* constant expected")
	}
	limits := p.get(1)
	if limits == lua.LNil {
		soft, hard, err := lp.p.Rlimit(int(res))
		if err != nil {
			raise(L, "rlimit", err)
		}
		L.Push(numberList(L, []int64{soft, hard}))
		return 1
	}
	m.readOnlyCheck(L, "setting rlimit")
	t, ok := limits.(*lua.LTable)
	if !ok || t.Len() != 2 {
		p.argError(1, "a {soft, hard} pair expected")
	}
	soft, ok1 := t.RawGetInt(1).(lua.LNumber)
	hard, ok2 := t.RawGetInt(2).(lua.LNumber)
	if !ok1 || !ok2 {
		p.argError(1, "a {soft, hard} pair of numbers expected")
	}
	for _, v := range []lua.LNumber{soft, hard} {
		if f := float64(v); f != math.Trunc(f) || f < -1 || f >= 1<<63 {
			p.argError(1, "limits must be integers from 0 up, or psutil.RLIM_INFINITY (got %s)", NumberRepr(f))
		}
	}
	if err := lp.p.SetRlimit(int(res), int64(soft), int64(hard)); err != nil {
		raise(L, "rlimit", err)
	}
	return 0
}

func (m *Module) procCPUAffinity(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "cpu_affinity", "cpus")
	v := p.get(0)
	if v == lua.LNil {
		cpus, err := lp.p.CPUAffinity()
		return m.procResult(L, lp, "cpu_affinity", cpus, err)
	}
	m.readOnlyCheck(L, "setting cpu_affinity")
	t, ok := v.(*lua.LTable)
	if !ok {
		p.argError(0, "a list of CPU numbers expected, got %s", typeName(L, v))
	}
	cpus := []int{}
	for i, count := 1, t.Len(); i <= count; i++ {
		n, ok := t.RawGetInt(i).(lua.LNumber)
		if !ok || float64(n) != math.Trunc(float64(n)) || n < 0 {
			p.argError(0, "invalid CPU %s", L.ToStringMeta(t.RawGetInt(i)).String())
		}
		cpus = append(cpus, int(n))
	}
	if err := lp.p.SetCPUAffinity(cpus); err != nil {
		p.raiseOrArgError(0, "cpu_affinity", err)
	}
	return 0
}

func (m *Module) procCPUPercent(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "cpu_percent", "interval")
	d := interval(p)
	var v float64
	var err error
	readAsCalled(L, lp.p, func() { v, err = lp.p.CPUPercent(lctx(L), d) })
	return m.procResult(L, lp, "cpu_percent", v, err)
}

func (m *Module) procMemoryPercent(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "memory_percent", "memtype")
	memtype := "rss"
	if p.get(0) != lua.LNil {
		memtype = p.checkString(0)
	}
	// psutil 8's memory_percent(memtype) reads memory_info(),
	// memory_footprint() or memory_info_ex(): one that process_iter could
	// not read gives its ad_value here too.
	if L.GetTop() > 1 {
		if _, _, perr := lp.p.Prefetched(memtypeAttr(memtype)); perr != nil {
			L.Push(lp.adValue)
			return 1
		}
	}
	var v float64
	var err error
	readAsCalled(L, lp.p, func() { v, err = lp.p.MemoryPercent(memtype) })
	if err != nil && !errors.As(err, new(*platform.PrefetchedError)) && !isPsutilError(err) {
		p.argError(0, "%s", err.Error())
	}
	return m.procResult(L, lp, "memory_percent", v, err)
}

// memtypeAttr is the attribute whose tuple has memory_percent's memtype.
func memtypeAttr(memtype string) string {
	switch memtype {
	case "uss", "pss", "swap":
		return "memory_footprint"
	case "rss", "vms", "shared", "text", "data":
		return "memory_info"
	}
	return "memory_info_ex"
}

func (m *Module) procMemoryMaps(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "memory_maps", "grouped")
	if p.optBool(0, true) {
		var v []platform.MemoryMapGrouped
		var err error
		readAsCalled(L, lp.p, func() { v, err = lp.p.MemoryMaps() })
		return m.procResult(L, lp, "memory_maps", v, err)
	}
	v, err := lp.p.MemoryMapsUngrouped()
	return m.procResult(L, lp, "memory_maps", v, err)
}

func (m *Module) procNetConnections(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "net_connections", "kind")
	kind := p.connKind(0)
	var v []platform.ProcessConn
	var err error
	readAsCalled(L, lp.p, func() { v, err = lp.p.NetConnections(kind) })
	p.checkConnKind(0, err)
	return m.procResult(L, lp, "net_connections", v, err)
}

// readAsCalled runs read, a getter that takes optional arguments, as psutil
// 8 does: process_iter's prefetched value answers only a call without any.
func readAsCalled(L *lua.LState, p *platform.Process, read func()) {
	if L.GetTop() <= 1 {
		read()
		return
	}
	p.Unprefetched(func() error {
		read()
		return nil
	})
}

func (m *Module) procParent(L *lua.LState) int {
	lp := checkProcess(L, 1)
	methodParams(L, "parent")
	v, err := lp.p.Parent()
	if err != nil {
		raise(L, "parent", err)
	}
	L.Push(m.pushProcess(L, v))
	return 1
}

func (m *Module) procParents(L *lua.LState) int {
	lp := checkProcess(L, 1)
	methodParams(L, "parents")
	v, err := lp.p.Parents()
	if err != nil {
		raise(L, "parents", err)
	}
	L.Push(m.processList(L, v))
	return 1
}

func (m *Module) procChildren(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "children", "recursive")
	v, err := lp.p.Children(p.optBool(0, false))
	if err != nil {
		raise(L, "children", err)
	}
	L.Push(m.processList(L, v))
	return 1
}

func (m *Module) processList(L *lua.LState, procs []*platform.Process) *lua.LTable {
	t := L.CreateTable(len(procs), 0)
	for _, p := range procs {
		t.Append(m.pushProcess(L, p))
	}
	return t
}

// checkAttrs reads an attrs argument: nil, or a list of attribute names.
func checkAttrs(p params, i int) []string {
	v := p.get(i)
	if v == lua.LNil {
		return nil
	}
	t, ok := v.(*lua.LTable)
	if !ok {
		p.argError(i, "a list of attribute names expected, got %s", typeName(p.L, v))
	}
	n := t.Len() // once: it walks back over trailing nils
	attrs := make([]string, 0, n)
	for j := 1; j <= n; j++ {
		s, ok := t.RawGetInt(j).(lua.LString)
		if !ok {
			p.argError(i, "attribute names must be strings, got %s", typeName(p.L, t.RawGetInt(j)))
		}
		attrs = append(attrs, string(s))
	}
	if len(attrs) == 0 && n == 0 {
		return nil
	}
	return attrs
}

func (m *Module) procAsDict(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "as_dict", "attrs", "ad_value")
	set := m.attrSet(p, 0, "as_dict")
	adValue := p.get(1)
	var buf [16]dictField // on the stack: a monitor's as_dict asks for 8
	fields := buf[:0]
	err := lp.p.AsDictFunc(set, func(n int) { fields = slices.Grow(fields, n) }, func(name string, v any, denied bool) {
		lv := adValue
		if !denied && !m.hides(name, lp.p) {
			lv = m.toLua(L, v)
		}
		fields = append(fields, dictField{name, lv})
	})
	if err != nil {
		p.raiseOrArgError(0, "as_dict", err)
	}
	L.Push(m.dicts.table(L, fields))
	return 1
}

// procOneshot is p:oneshot(fn): fn runs with the process's cache on; its
// results are returned; the cache is cleared afterwards, also on error.
func (m *Module) procOneshot(L *lua.LState) int {
	lp := checkProcess(L, 1)
	fn, ok := L.Get(2).(*lua.LFunction)
	if !ok {
		L.RaiseError("bad argument #1 to 'oneshot' (function expected, got %s)", typeName(L, L.Get(2)))
	}
	base := L.GetTop()
	// An error in fn goes up through Oneshot, which ends the cache on its
	// way. (Not a protected call: see engine/overflow.go.)
	_ = lp.p.Oneshot(func() error {
		L.Push(fn)
		L.Call(0, lua.MultRet)
		return nil
	})
	return L.GetTop() - base
}

func (m *Module) procIsRunning(L *lua.LState) int {
	lp := checkProcess(L, 1)
	L.Push(lua.LBool(lp.p.IsRunning()))
	return 1
}

func (m *Module) procSendSignal(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "send_signal", "sig")
	m.readOnlyCheck(L, "send_signal")
	n, ok := p.optNumber(0)
	if !ok || n != math.Trunc(n) || n < 0 || n > 64 {
		p.argError(0, "a signal number expected")
	}
	if err := lp.p.SendSignal(syscall.Signal(int(n))); err != nil {
		raise(L, "send_signal", err)
	}
	return 0
}

func (m *Module) procControl(name string, fn func(*platform.Process) error) lua.LGFunction {
	return func(L *lua.LState) int {
		lp := checkProcess(L, 1)
		methodParams(L, name)
		m.readOnlyCheck(L, name)
		if err := fn(lp.p); err != nil {
			raise(L, name, err)
		}
		return 0
	}
}

// waitTimeout reads a wait timeout: nil for none, else seconds >= 0.
func waitTimeout(p params, i int) time.Duration {
	n, ok := p.optNumber(i)
	if !ok {
		return platform.NoTimeout
	}
	if n < 0 || math.IsNaN(n) {
		p.argError(i, "timeout must be a positive integer (got %s)", NumberRepr(n))
	}
	if n > math.MaxInt64/float64(time.Second) {
		return platform.NoTimeout
	}
	return time.Duration(n * float64(time.Second))
}

func (m *Module) procWait(L *lua.LState) int {
	lp := checkProcess(L, 1)
	p := methodParams(L, "wait", "timeout")
	timeout := waitTimeout(p, 0)
	if m.ReadOnly && lp.popen == nil {
		blocked(L, "wait on another process")
	}
	code, err := lp.p.Wait(lctx(L), timeout)
	if err != nil {
		raise(L, "wait", err)
	}
	if code == nil {
		L.Push(lua.LNil)
	} else {
		L.Push(lua.LNumber(*code))
	}
	return 1
}

// toLua converts what a Process method returns, with the one converter
// ([Module.ToLua]); a value it cannot convert is a Lua error.
func (m *Module) toLua(L *lua.LState, v any) lua.LValue {
	lv, err := m.ToLua(L, v)
	if err != nil {
		L.RaiseError("psutil: %v", err)
	}
	return lv
}

func stringList(L *lua.LState, v []string) *lua.LTable {
	t := L.CreateTable(len(v), 0)
	for _, s := range v {
		t.Append(lua.LString(s))
	}
	return t
}
