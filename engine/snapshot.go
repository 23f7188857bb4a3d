package engine

import (
	lua "github.com/yuin/gopher-lua"
)

// snapshot is a host's Lua environment as New left it, so a Pool can reset
// the host between uses: the globals and their metatable; every library
// table (one level deep) and its metatable; package.loaded, package.preload
// and package.loaders. What a script added, changed or removed there is put
// back, and modules it required are unloaded. psutil's own metatables are
// protected, so scripts cannot change them.
type snapshot struct {
	tables []tableSnapshot
	env    *lua.LTable // the thread's environment (setfenv(0, ...) changes it)
}

type tableSnapshot struct {
	t      *lua.LTable
	fields map[lua.LValue]lua.LValue
	mt     lua.LValue
}

func snapTable(t *lua.LTable) tableSnapshot {
	m := map[lua.LValue]lua.LValue{}
	t.ForEach(func(k, v lua.LValue) { m[k] = v })
	return tableSnapshot{t: t, fields: m, mt: t.Metatable}
}

func takeSnapshot(L *lua.LState) *snapshot {
	s := &snapshot{env: L.Env}
	seen := map[*lua.LTable]bool{}
	add := func(v lua.LValue) {
		if t, ok := v.(*lua.LTable); ok && !seen[t] {
			seen[t] = true
			s.tables = append(s.tables, snapTable(t))
		}
	}
	globals := L.Get(lua.GlobalsIndex).(*lua.LTable)
	add(globals)
	globals.ForEach(func(_, v lua.LValue) { add(v) })
	if pkg, ok := L.GetGlobal("package").(*lua.LTable); ok {
		for _, name := range []string{"loaded", "preload", "loaders"} {
			add(pkg.RawGetString(name))
		}
	}
	return s
}

// registryCaches are what the psutil module keeps in the registry and a
// script can reach (error classes, the empty tuple): dropped on reset, made
// anew by the next user's require.
var registryCaches = []string{"psutil.errorclasses", "psutil.tuple.()"}

// restore puts every table back: fields, then metatable.
func (s *snapshot) restore(L *lua.LState) {
	L.Env = s.env
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	for _, key := range registryCaches {
		reg.RawSetString(key, lua.LNil)
	}
	for _, ts := range s.tables {
		var extra []lua.LValue
		ts.t.ForEach(func(k, _ lua.LValue) {
			if _, ok := ts.fields[k]; !ok {
				extra = append(extra, k)
			}
		})
		for _, k := range extra {
			ts.t.RawSet(k, lua.LNil)
		}
		for k, v := range ts.fields {
			if ts.t.RawGet(k) != v {
				ts.t.RawSet(k, v)
			}
		}
		ts.t.Metatable = ts.mt
	}
}

// reset puts the host back as New left it, for its next user.
func (h *Host) reset() {
	h.L.SetTop(0)
	h.L.RemoveContext()
	h.base.restore(h.L)
	h.sys.SetFS(h.sysFS)
	h.mu.Lock()
	h.exitCode = nil
	h.mu.Unlock()
}
