package lua51

import (
	lua "github.com/yuin/gopher-lua"
)

// guardOSTime makes os.time(t) require the day, month and year, as
// loslib.c's getfield does (gopher-lua uses -1 for a missing one).
func guardOSTime(L *lua.LState) {
	os, ok := L.GetGlobal("os").(*lua.LTable)
	if !ok {
		return
	}
	wrapG(L, os, "time", func(L *lua.LState, g lua.LGFunction) int {
		if t, ok := L.Get(1).(*lua.LTable); ok {
			for _, key := range []string{"day", "month", "year"} {
				switch v := L.GetField(t, key).(type) {
				case lua.LNumber:
					continue
				case lua.LString:
					if _, ok := str2number(string(v)); ok {
						continue
					}
				}
				fmtError(L, "field '"+key+"' missing in date table")
			}
		}
		return g(L)
	})
}
