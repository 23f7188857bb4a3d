package lua51

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// guardModule puts in front of module(name) the walk that makes the
// tables of its dotted name (a.b.c is _G.a.b.c), as Lua 5.1's
// luaL_findtable does: gopher-lua's makes a table per dot in one Go call
// (module(("a."):rep(1e6) .. "a") took 5 s and 800 MB), where this looks
// at the time and memory limits every moduleCheckEvery parts, and a name
// conflict is Lua 5.1's error, with the name cut to 200 bytes. gopher-lua's
// module then finds the tables made.
func guardModule(L *lua.LState) {
	wrapG(L, L.G.Global, "module", func(L *lua.LState, g lua.LGFunction) int {
		if name, ok := L.Get(1).(lua.LString); ok {
			moduleTables(L, string(name))
			// gopher-lua's module then splits the name twice, in one call
			// each, 16 bytes a part (its table found in package.loaded,
			// 50 million dots took 5 s and 900 MB).
			if parts := strings.Count(string(name), ".") + 1; parts >= moduleCheckEvery {
				CheckGrowth(L, "module", 2*16*parts+len(name))
			}
		}
		return g(L)
	})
}

// moduleCheckEvery is how many parts of a module's name moduleTables
// makes between looks at the limits, and moduleTableBytes about what
// each of those tables takes.
const moduleCheckEvery, moduleTableBytes = 1 << 10, 512

func moduleTables(L *lua.LState, name string) {
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		if _, ok := L.GetField(loaded, name).(*lua.LTable); ok {
			return // module uses _LOADED[name] as it is
		}
	}
	t := L.G.Global
	rest := name
	for n := 1; ; n++ {
		if n%moduleCheckEvery == 0 {
			CheckGrowth(L, "module", moduleCheckEvery*moduleTableBytes)
		}
		part, more, found := strings.Cut(rest, ".")
		switch next := t.RawGetString(part).(type) {
		case *lua.LNilType:
			created := L.CreateTable(0, 1)
			t.RawSetString(part, created)
			t = created
		case *lua.LTable:
			t = next
		default:
			Raise(L, "name conflict for module '"+Shown(name)+"'")
		}
		if !found {
			return
		}
		rest = more
	}
}
