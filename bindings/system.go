package bindings

import (
	"context"
	"errors"
	"io/fs"
	"math"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// The system-wide functions of psutil, in the spec's order.

func (m *Module) cpuTimes(L *lua.LState) int {
	p := newParams(L, "cpu_times", "percpu")
	if p.optBool(0, false) {
		v, err := m.sys.PerCPUTimes()
		return pushList(L, "cpu_times", v, err)
	}
	v, err := m.sys.CPUTimes()
	return pushOne(L, "cpu_times", v, err)
}

// interval reads cpu_percent's interval: nil or a number >= 0 (psutil's
// ValueError otherwise).
func interval(p params) time.Duration {
	n, ok := p.optNumber(0)
	if !ok {
		return 0
	}
	if n < 0 || math.IsNaN(n) {
		p.argError(0, "interval is not positive (got %s)", NumberRepr(n))
	}
	if n > math.MaxInt64/float64(time.Second) {
		p.argError(0, "interval is too large (got %s)", NumberRepr(n))
	}
	return time.Duration(n * float64(time.Second))
}

func lctx(L *lua.LState) context.Context {
	if ctx := L.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

func (m *Module) cpuPercent(L *lua.LState) int {
	p := newParams(L, "cpu_percent", "interval", "percpu")
	d, percpu := interval(p), p.optBool(1, false)
	if percpu {
		v, err := m.sys.PerCPUPercent(lctx(L), d)
		if err != nil {
			raise(L, "cpu_percent", err)
		}
		L.Push(numberList(L, v))
		return 1
	}
	v, err := m.sys.CPUPercent(lctx(L), d)
	if err != nil {
		raise(L, "cpu_percent", err)
	}
	L.Push(lua.LNumber(v))
	return 1
}

func (m *Module) cpuTimesPercent(L *lua.LState) int {
	p := newParams(L, "cpu_times_percent", "interval", "percpu")
	d, percpu := interval(p), p.optBool(1, false)
	if percpu {
		v, err := m.sys.PerCPUTimesPercent(lctx(L), d)
		return pushList(L, "cpu_times_percent", v, err)
	}
	v, err := m.sys.CPUTimesPercent(lctx(L), d)
	return pushOne(L, "cpu_times_percent", v, err)
}

func (m *Module) cpuCount(L *lua.LState) int {
	p := newParams(L, "cpu_count", "logical")
	n, err := m.sys.CPUCount(p.optBool(0, true))
	if err != nil {
		raise(L, "cpu_count", err)
	}
	if n == 0 {
		L.Push(lua.LNil)
	} else {
		L.Push(lua.LNumber(n))
	}
	return 1
}

func (m *Module) cpuStats(L *lua.LState) int {
	newParams(L, "cpu_stats")
	v, err := m.sys.CPUStats()
	return pushOne(L, "cpu_stats", v, err)
}

func (m *Module) cpuFreq(L *lua.LState) int {
	p := newParams(L, "cpu_freq", "percpu")
	if p.optBool(0, false) {
		v, err := m.sys.PerCPUFreq()
		return pushList(L, "cpu_freq", v, err)
	}
	v, err := m.sys.CPUFreq()
	if errors.Is(err, platform.ErrNoCPUFreq) {
		L.Push(lua.LNil) // psutil's None: the machine reports no frequency
		return 1
	}
	return pushOne(L, "cpu_freq", v, err)
}

// getLoadAvg returns psutil's plain (unnamed) 3-tuple as a list
// {1min, 5min, 15min}.
func (m *Module) getLoadAvg(L *lua.LState) int {
	newParams(L, "getloadavg")
	v, err := m.sys.LoadAvg()
	if err != nil {
		raise(L, "getloadavg", err)
	}
	L.Push(numberList(L, v[:]))
	return 1
}

func (m *Module) virtualMemory(L *lua.LState) int {
	newParams(L, "virtual_memory")
	v, err := m.sys.VirtualMemory()
	return pushOne(L, "virtual_memory", v, err)
}

func (m *Module) swapMemory(L *lua.LState) int {
	newParams(L, "swap_memory")
	v, err := m.sys.SwapMemory()
	return pushOne(L, "swap_memory", v, err)
}

func (m *Module) diskPartitions(L *lua.LState) int {
	p := newParams(L, "disk_partitions", "all")
	v, err := m.sys.DiskPartitions(p.optBool(0, false))
	return pushList(L, "disk_partitions", v, err)
}

func (m *Module) diskUsage(L *lua.LState) int {
	p := newParams(L, "disk_usage", "path")
	path := p.checkString(0)
	v, err := m.sys.DiskUsage(path)
	if errors.Is(err, fs.ErrNotExist) {
		p.argError(0, "path does not exist: %s", platform.PyReprCut(path))
	}
	return pushOne(L, "disk_usage", v, err)
}

func (m *Module) diskIOCounters(L *lua.LState) int {
	p := newParams(L, "disk_io_counters", "perdisk", "nowrap")
	perdisk, nowrap := p.optBool(0, false), p.optBool(1, true)
	if perdisk {
		v, err := m.sys.PerDiskIOCounters(nowrap)
		return pushDict(L, "disk_io_counters", v, err)
	}
	v, err := m.sys.DiskIOCounters(nowrap)
	return pushOptional(L, "disk_io_counters", v, err)
}

func (m *Module) netIOCounters(L *lua.LState) int {
	p := newParams(L, "net_io_counters", "pernic", "nowrap")
	pernic, nowrap := p.optBool(0, false), p.optBool(1, true)
	if pernic {
		v, err := m.sys.PerNicIOCounters(nowrap)
		return pushDict(L, "net_io_counters", v, err)
	}
	v, err := m.sys.NetIOCounters(nowrap)
	return pushOptional(L, "net_io_counters", v, err)
}

func (m *Module) netIfAddrs(L *lua.LState) int {
	newParams(L, "net_if_addrs")
	v, err := m.sys.NetIfAddrs()
	return pushDictOfLists(L, "net_if_addrs", v, err)
}

func (m *Module) netIfStats(L *lua.LState) int {
	newParams(L, "net_if_stats")
	v, err := m.sys.NetIfStats()
	return pushDict(L, "net_if_stats", v, err)
}

func (m *Module) sensorsTemperatures(L *lua.LState) int {
	p := newParams(L, "sensors_temperatures", "fahrenheit")
	v, err := m.sys.SensorsTemperatures(p.optBool(0, false))
	return pushDictOfLists(L, "sensors_temperatures", v, err)
}

func (m *Module) sensorsFans(L *lua.LState) int {
	newParams(L, "sensors_fans")
	v, err := m.sys.SensorsFans()
	return pushDictOfLists(L, "sensors_fans", v, err)
}

func (m *Module) sensorsBattery(L *lua.LState) int {
	newParams(L, "sensors_battery")
	v, err := m.sys.SensorsBattery()
	return pushOptional(L, "sensors_battery", v, err)
}

func (m *Module) bootTime(L *lua.LState) int {
	newParams(L, "boot_time")
	v, err := m.sys.BootTime()
	if err != nil {
		raise(L, "boot_time", err)
	}
	L.Push(lua.LNumber(v))
	return 1
}

func (m *Module) users(L *lua.LState) int {
	newParams(L, "users")
	v, err := m.sys.Users()
	return pushList(L, "users", v, err)
}

// psBytes2Human is psutil.bytes2human(n) (new in psutil 8).
func psBytes2Human(L *lua.LState) int {
	p := newParams(L, "bytes2human", "n")
	n, ok := p.optNumber(0)
	if !ok {
		p.argError(0, "number expected, got no value")
	}
	L.Push(lua.LString(platform.Bytes2Human(n)))
	return 1
}

// Result pushers: each raises err (naming the psutil function) or pushes
// the value and returns 1, so a binding ends with `return pushX(...)`.

func pushOne(L *lua.LState, fn string, v platform.Tuple, err error) int {
	if err != nil {
		raise(L, fn, err)
	}
	L.Push(pushTuple(L, v))
	return 1
}

func pushOptional[T platform.Tuple](L *lua.LState, fn string, v *T, err error) int {
	if err != nil {
		raise(L, fn, err)
	}
	if v == nil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(pushTuple(L, *v))
	return 1
}

func pushList[T platform.Tuple](L *lua.LState, fn string, v []T, err error) int {
	if err != nil {
		raise(L, fn, err)
	}
	L.Push(tupleList(L, v))
	return 1
}

func pushDict[T platform.Tuple](L *lua.LState, fn string, v map[string]T, err error) int {
	if err != nil {
		raise(L, fn, err)
	}
	t := L.CreateTable(0, len(v))
	for k, x := range v {
		t.RawSetString(k, pushTuple(L, x))
	}
	L.Push(t)
	return 1
}

func pushDictOfLists[T platform.Tuple](L *lua.LState, fn string, v map[string][]T, err error) int {
	if err != nil {
		raise(L, fn, err)
	}
	t := L.CreateTable(0, len(v))
	for k, x := range v {
		t.RawSetString(k, tupleList(L, x))
	}
	L.Push(t)
	return 1
}

// numberList is a Lua list of numbers.
func numberList[T int | int64 | float64](L *lua.LState, v []T) *lua.LTable {
	t := L.CreateTable(len(v), 0)
	for _, x := range v {
		t.Append(lua.LNumber(x))
	}
	return t
}

func tupleList[T platform.Tuple](L *lua.LState, v []T) *lua.LTable {
	t := L.CreateTable(len(v), 0)
	for _, x := range v {
		t.Append(pushTuple(L, x))
	}
	return t
}
