package engine

import (
	"reflect"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// snapshot is a host's Lua environment as New left it, so a Pool can reset
// the host between uses: the globals and their metatable; every library
// table (one level deep) and its metatable; package.loaded, package.preload
// and package.loaders; the metatables all strings, numbers, functions...
// share, and that of files. What a script added, changed or removed there
// is put back, and modules it required are unloaded. psutil's own
// metatables are protected, so scripts cannot change them.
type snapshot struct {
	tables   []tableSnapshot
	env      *lua.LTable        // the thread's environment (setfenv(0, ...) changes it)
	builtins map[int]lua.LValue // the metatables shared by type (debug.setmetatable changes them)
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
	if shared := sharedMetatables(L); shared != nil {
		s.builtins = map[int]lua.LValue{}
		for typ, mt := range shared {
			s.builtins[typ] = mt
			add(mt)
		}
	}
	add(L.GetTypeMetatable("FILE*"))
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

// sharedMetatables is gopher-lua's map of the metatables that all values
// of a type (but tables and userdata) share, or nil when its layout is not
// the one this was written for.
func sharedMetatables(L *lua.LState) map[int]lua.LValue {
	f := reflect.ValueOf(L.G).Elem().FieldByName("builtinMts")
	if !f.IsValid() || f.Type() != reflect.TypeOf(map[int]lua.LValue(nil)) {
		return nil
	}
	return *(*map[int]lua.LValue)(unsafe.Pointer(f.UnsafeAddr()))
}

// restore puts every table back: fields, then metatable.
func (s *snapshot) restore(L *lua.LState) {
	L.Env = s.env
	if shared := sharedMetatables(L); s.builtins != nil && shared != nil {
		for typ := range shared {
			if _, ok := s.builtins[typ]; !ok {
				delete(shared, typ)
			}
		}
		for typ, mt := range s.builtins {
			shared[typ] = mt
		}
	}
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
