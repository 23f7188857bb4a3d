// Package bindings exposes platform as the Lua module `psutil`, written by
// hand against gopher-lua's API: psutil's names, argument order, named
// tuples and error classes (see DESIGN.md, "The Lua module").
package bindings

import (
	"sync/atomic"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
	"github.com/psulua/psulua/platform"
)

// Module is the `psutil` Lua module bound to one platform.System, whose
// per-caller state (cpu_percent's previous sample, nowrap counters) it uses.
type Module struct {
	sys *platform.System

	// ReadOnly is the sandbox's policy: what changes the machine (process
	// control, setters, Popen) and assigning psutil.PROCFS_PATH raise
	// a "blocked by the sandbox" error instead.
	ReadOnly bool

	// HideOwnEnviron makes environ() of the calling process (and of each
	// of its threads) AccessDenied: a sandbox that blocks os.getenv must
	// not read it there instead.
	HideOwnEnviron bool

	// HideEnviron and HideCmdline make environ() and cmdline() of every
	// process AccessDenied (ad_value in process_iter and as_dict).
	HideEnviron, HideCmdline bool

	dicts    dictKeysCache               // the keys of as_dict's and info's tables
	attrSets attrSetCache                // as_dict's attrs lists, resolved
	fast     atomic.Pointer[processFast] // the last Process metatable's, for FastIndex
}

// blocked raises the sandbox's error for what.
func blocked(L *lua.LState, what string) {
	L.RaiseError("%s is blocked by the sandbox (read-only policy)", what)
}

// NewModule returns the module reading through sys.
func NewModule(sys *platform.System) *Module { return &Module{sys: sys} }

// Preload makes require("psutil") return a module reading the live machine
// through a System of its own.
func Preload(L *lua.LState) {
	L.PreloadModule("psutil", NewModule(platform.New(platform.LiveFS())).Loader)
}

// Loader is a lua.LGFunction that pushes the module table; install it with
// L.PreloadModule("psutil", m.Loader).
func (m *Module) Loader(L *lua.LState) int {
	// As importing psutil does, so that the first cpu_percent() and
	// cpu_times_percent() without an interval compare with something.
	_ = m.sys.SampleCPU()
	fns := m.functions()
	mod := L.CreateTable(0, 128) // the functions, error classes and constants: 115 on Linux
	for name, fn := range fns {
		f := L.NewFunction(fn)
		mod.RawSetString(name, f)
		if readingFunctions[name] {
			markReading(L, f)
		}
	}
	// Python's functions carry attributes: process_iter.cache_clear(),
	// Process.attrs. Here they are tables that can be called.
	mod.RawSetString("process_iter", callableTable(L, "process_iter", m.psProcessIter, map[string]lua.LValue{
		"cache_clear": L.NewFunction(m.psProcessIterCacheClear),
	}))
	mod.RawSetString("disk_io_counters", callableTable(L, "disk_io_counters", m.diskIOCounters, map[string]lua.LValue{
		"cache_clear": L.NewFunction(func(L *lua.LState) int {
			newParams(L, "cache_clear")
			m.sys.DiskIOCountersCacheClear()
			return 0
		}),
	}))
	mod.RawSetString("net_io_counters", callableTable(L, "net_io_counters", m.netIOCounters, map[string]lua.LValue{
		"cache_clear": L.NewFunction(func(L *lua.LState) int {
			newParams(L, "cache_clear")
			m.sys.NetIOCountersCacheClear()
			return 0
		}),
	}))
	process := callableTable(L, "Process", m.psProcess, map[string]lua.LValue{
		"attrs": stringList(L, platform.ProcessAttrs()),
	})
	mod.RawSetString("Process", process)
	markReading(L, process)
	for name, class := range errorClasses(L).byName {
		mod.RawSetString(name, class)
	}
	setConstants(L, mod)
	m.loadOS(L, mod)
	L.SetMetatable(mod, m.moduleMetatable(L))
	L.Push(mod)
	return 1
}

// functions lists every function of the module.
func (m *Module) functions() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		// CPU
		"cpu_times":         m.cpuTimes,
		"cpu_percent":       m.cpuPercent,
		"cpu_times_percent": m.cpuTimesPercent,
		"cpu_count":         m.cpuCount,
		"cpu_stats":         m.cpuStats,
		"cpu_freq":          m.cpuFreq,
		"getloadavg":        m.getLoadAvg,
		// Memory
		"virtual_memory": m.virtualMemory,
		"swap_memory":    m.swapMemory,
		// Disks
		"disk_partitions":  m.diskPartitions,
		"disk_usage":       m.diskUsage,
		"disk_io_counters": m.diskIOCounters,
		// Network
		"net_io_counters": m.netIOCounters,
		"net_if_addrs":    m.netIfAddrs,
		"net_if_stats":    m.netIfStats,
		// Sensors
		"sensors_temperatures": m.sensorsTemperatures,
		"sensors_fans":         m.sensorsFans,
		"sensors_battery":      m.sensorsBattery,
		"net_connections":      m.psNetConnections,
		// Other system info
		"boot_time": m.bootTime,
		"users":     m.users,
		// Processes
		"pids":         m.psPids,
		"pid_exists":   m.psPidExists,
		"process_iter": m.psProcessIter,
		"wait_procs":   m.psWaitProcs,
		"Process":      m.psProcess,
		"Popen":        m.psPopen,
		// Utilities
		"bytes2human": psBytes2Human,
		"heap_info":   psHeapInfo,
		"heap_trim":   psHeapTrim,
		// Errors
		"iserror": psIsError,
	}
}

// callableTable is a table with fields that calls fn when called, as a
// Python function with attributes does (process_iter.cache_clear).
func callableTable(L *lua.LState, name string, fn lua.LGFunction, fields map[string]lua.LValue) *lua.LTable {
	t := L.CreateTable(0, len(fields))
	for k, v := range fields {
		t.RawSetString(k, v)
	}
	mt := L.CreateTable(0, 3)
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	mt.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
		L.Remove(1) // the table itself
		return fn(L)
	}))
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("psutil." + name))
		return 1
	}))
	L.SetMetatable(t, mt)
	return t
}

// psHeapInfo is psutil.heap_info(), from the Go runtime's statistics.
func psHeapInfo(L *lua.LState) int {
	newParams(L, "heap_info")
	L.Push(pushTuple(L, platform.HeapInfo()))
	return 1
}

// psHeapTrim is psutil.heap_trim().
func psHeapTrim(L *lua.LState) int {
	newParams(L, "heap_trim")
	platform.HeapTrim()
	return 0
}

// protectedMetatable is what getmetatable returns for psutil's own
// metatables, so scripts cannot reach or change their internals.
const protectedMetatable = "psutil: protected metatable"

// moduleMetatable serves psutil.PROCFS_PATH from the System, so reading
// and assigning it reads and sets the procfs root, and raises Python's
// AttributeError for a name the module does not have.
func (m *Module) moduleMetatable(L *lua.LState) *lua.LTable {
	mt := L.CreateTable(0, 4)
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		key, ok := L.Get(2).(lua.LString)
		if !ok {
			L.Push(lua.LNil)
			return 1
		}
		if key == "PROCFS_PATH" {
			L.Push(lua.LString(m.sys.ProcfsPath()))
			return 1
		}
		names := []string{"PROCFS_PATH"}
		L.CheckTable(1).ForEach(func(k, _ lua.LValue) {
			if name, ok := k.(lua.LString); ok {
				names = append(names, string(name))
			}
		})
		noAttribute(L, "module 'psutil'", string(key), names)
		return 0
	}))
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		if key, ok := L.Get(2).(lua.LString); ok && key == "PROCFS_PATH" {
			if m.ReadOnly {
				blocked(L, "setting psutil.PROCFS_PATH")
			}
			path, ok := L.Get(3).(lua.LString)
			if !ok || path == "" {
				L.RaiseError("psutil.PROCFS_PATH must be a non-empty string, got %s", typeName(L, L.Get(3)))
			}
			m.sys.SetProcfsPath(string(path))
			return 0
		}
		lua51.RawSet(L, L.CheckTable(1), L.Get(2), L.Get(3))
		return 0
	}))
	return mt
}
