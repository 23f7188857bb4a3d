package engine

import (
	lua "github.com/yuin/gopher-lua"
)

// snapshot is a host's globals and library tables as New left them, so a
// Pool can reset a host between uses: globals and library fields that a
// script added, changed or removed are put back, modules it required are
// unloaded. Values inside library tables are restored one level deep.
type snapshot struct {
	globals map[lua.LValue]lua.LValue
	tables  map[*lua.LTable]map[lua.LValue]lua.LValue
	loaded  map[lua.LValue]lua.LValue
}

func copyTable(t *lua.LTable) map[lua.LValue]lua.LValue {
	m := map[lua.LValue]lua.LValue{}
	t.ForEach(func(k, v lua.LValue) { m[k] = v })
	return m
}

func takeSnapshot(L *lua.LState) *snapshot {
	s := &snapshot{tables: map[*lua.LTable]map[lua.LValue]lua.LValue{}}
	globals := L.Get(lua.GlobalsIndex).(*lua.LTable)
	s.globals = copyTable(globals)
	for _, v := range s.globals {
		if t, ok := v.(*lua.LTable); ok && t != globals {
			s.tables[t] = copyTable(t)
		}
	}
	if loaded, ok := L.GetField(L.GetGlobal("package"), "loaded").(*lua.LTable); ok {
		s.loaded = copyTable(loaded)
	}
	if mt, ok := L.GetMetatable(lua.LString("")).(*lua.LTable); ok {
		s.tables[mt] = copyTable(mt)
	}
	return s
}

func restoreTable(t *lua.LTable, want map[lua.LValue]lua.LValue) {
	var extra []lua.LValue
	t.ForEach(func(k, _ lua.LValue) {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	})
	for _, k := range extra {
		t.RawSet(k, lua.LNil)
	}
	for k, v := range want {
		if t.RawGet(k) != v {
			t.RawSet(k, v)
		}
	}
}

// reset puts L back to the snapshot and clears its stack and context.
func (s *snapshot) reset(L *lua.LState) {
	L.SetTop(0)
	L.RemoveContext()
	globals := L.Get(lua.GlobalsIndex).(*lua.LTable)
	restoreTable(globals, s.globals)
	for t, want := range s.tables {
		restoreTable(t, want)
	}
	if s.loaded != nil {
		if loaded, ok := L.GetField(L.GetGlobal("package"), "loaded").(*lua.LTable); ok {
			restoreTable(loaded, s.loaded)
		}
	}
}
