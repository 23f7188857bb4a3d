package bindings

import (
	lua "github.com/yuin/gopher-lua"
)

// The REPL completes after a call (psutil.swap_memory().fr<Tab>) by
// making it. It may make only calls that read the machine and keep no
// state for the caller: these functions of the module, and a Process's
// attribute getters except cpu_percent (whose next answer the call would
// change). The values themselves are recorded, in the registry, so that a
// function a script put in their place is never called.

// readingFunctions are the module's functions that only read.
var readingFunctions = map[string]bool{
	"cpu_times": true, "cpu_count": true, "cpu_stats": true, "cpu_freq": true, "getloadavg": true,
	"virtual_memory": true, "swap_memory": true, "disk_io_counters": true, "net_io_counters": true,
	"net_if_addrs": true, "net_if_stats": true, "sensors_temperatures": true, "sensors_fans": true,
	"sensors_battery": true, "users": true, "heap_info": true, "Process": true,
}

// readingKey is the registry's set of the reading functions' values.
const readingKey = "psutil.reading"

// markReading records v as a function that only reads.
func markReading(L *lua.LState, v lua.LValue) {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	set, ok := reg.RawGetString(readingKey).(*lua.LTable)
	if !ok {
		set = L.NewTable()
		reg.RawSetString(readingKey, set)
	}
	set.RawSet(v, lua.LTrue)
}

// IsReading reports whether v is one of psutil's functions (or Process
// methods) that only read the machine and keep no state for the caller,
// so that calling it with no arguments has no effect: the REPL's
// completion calls those and nothing else.
func IsReading(L *lua.LState, v lua.LValue) bool {
	set, ok := L.Get(lua.RegistryIndex).(*lua.LTable).RawGetString(readingKey).(*lua.LTable)
	return ok && set.RawGet(v) == lua.LTrue
}
