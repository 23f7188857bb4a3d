package main

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
)

// completer completes the name before the cursor from the values the
// Lua state holds: globals and keywords, a table's fields (psutil.vir),
// and methods of objects through their metatable's __index table
// (p:mem), and fields of what psutil's reading functions return
// (psutil.swap_memory().fr). It reads tables raw and calls only those
// functions, so completing has no side effects.
type completer struct {
	L *lua.LState
	// call calls fn with no arguments for its first result, protected and
	// briefly: completing after psutil.swap_memory() needs the tuple.
	// Nil: no calls.
	call func(fn lua.LValue) (lua.LValue, bool)
}

// complete is a liner.WordCompleter: given the line and the cursor's
// position in runes, it returns the line before the word being completed,
// the candidates for the word, and the rest of the line.
func (c *completer) complete(line string, pos int) (head string, candidates []string, tail string) {
	runes := []rune(line)
	if pos > len(runes) {
		pos = len(runes)
	}
	before, tail := string(runes[:pos]), string(runes[pos:])
	start := len(before)
	for start > 0 {
		switch {
		case isNameByte(before[start-1]):
			start--
		case strings.HasSuffix(before[:start], "()"):
			start -= 2 // a call without arguments: psutil.swap_memory().fr
		default:
			goto found
		}
	}
found:
	expr := before[start:]
	if expr != "" && '0' <= expr[0] && expr[0] <= '9' {
		return before, nil, tail
	}
	if inString(before[:start]) {
		return before, nil, tail
	}

	cut := strings.LastIndexAny(expr, ".:")
	if cut < 0 {
		return before[:start], c.globals(expr), tail
	}
	path, sep, partial := expr[:cut], expr[cut], expr[cut+1:]
	v, ok := c.resolve(path)
	if !ok {
		return before, nil, tail
	}
	if sep == '.' && c.isObject(v) {
		// p.na completes to p:name( and p.p to p.pid: an object's
		// methods are called with ':'.
		var names []string
		for _, f := range c.objectFields(v, partial) {
			names = append(names, "."+f)
		}
		for _, m := range c.fields(v, partial, true) {
			names = append(names, ":"+m)
		}
		return before[:start+cut], names, tail
	}
	return before[:start+cut+1], c.fields(v, partial, sep == ':'), tail
}

func isNameByte(b byte) bool {
	return b == '_' || b == '.' || b == ':' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9'
}

// inString reports whether s ends inside a quoted string, where there is
// nothing to complete.
func inString(s string) bool {
	var quote byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0 && c == '\\':
			i++
		case quote != 0 && c == quote:
			quote = 0
		case quote == 0 && (c == '"' || c == '\''):
			quote = c
		}
	}
	return quote != 0
}

// resolve finds the value a path names, starting from the globals: names
// joined by '.', and calls without arguments of the functions and
// methods that only read (psutil.Process():memory_info().rss).
func (c *completer) resolve(path string) (lua.LValue, bool) {
	var v lua.LValue = c.L.Get(lua.GlobalsIndex)
	for i, sep := 0, byte('.'); ; {
		end := strings.IndexAny(path[i:], ".:")
		if end < 0 {
			end = len(path)
		} else {
			end += i
		}
		name, call := strings.CutSuffix(path[i:end], "()")
		if name == "" || strings.Contains(name, "(") || sep == ':' && !call {
			return nil, false
		}
		owner := v
		if v = c.field(v, name); v == lua.LNil {
			return nil, false
		}
		if call {
			if !c.mayCall(owner, v, sep) {
				return nil, false
			}
			var ok bool
			if sep == ':' {
				v, ok = c.callMethod(v, owner)
			} else {
				v, ok = c.call(v)
			}
			if !ok || v == lua.LNil {
				return nil, false
			}
		}
		if end == len(path) {
			return v, true
		}
		sep, i = path[end], end+1
	}
}

// mayCall reports whether completion may call fn, owner's field: one of
// psutil's functions that only read, a Process's getters after ':'.
func (c *completer) mayCall(owner, fn lua.LValue, sep byte) bool {
	return c.call != nil && bindings.IsReading(c.L, fn) && (sep == ':') == c.isObject(owner)
}

// callMethod calls the method fn with self.
func (c *completer) callMethod(fn, self lua.LValue) (lua.LValue, bool) {
	bound := c.L.NewFunction(func(L *lua.LState) int {
		L.Push(fn)
		L.Push(self)
		L.Call(1, 1)
		return 1
	})
	return c.call(bound)
}

// isObject reports whether v is an object with methods (a psutil.Process),
// whose metatable lists them in __methods.
func (c *completer) isObject(v lua.LValue) bool {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return false
	}
	mt, ok := ud.Metatable.(*lua.LTable)
	return ok && mt.RawGetString("__methods") != lua.LNil
}

// objectFields are the fields of an object (a Process's pid, info,
// returncode) starting with partial.
func (c *completer) objectFields(v lua.LValue, partial string) []string {
	var names []string
	for _, name := range bindings.ObjectFields(v) {
		if c.offer(name, partial) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// field is v[name] without metamethod calls: raw, then through __index
// tables.
func (c *completer) field(v lua.LValue, name string) lua.LValue {
	for depth := 0; depth < 10 && v != nil; depth++ {
		if t, ok := v.(*lua.LTable); ok {
			if f := t.RawGetString(name); f != lua.LNil {
				return f
			}
		}
		v = c.indexTable(v)
	}
	return lua.LNil
}

// indexTable is v's metatable's __index when it is a table, else nil.
func (c *completer) indexTable(v lua.LValue) lua.LValue {
	// The raw metatable: psutil's are protected from getmetatable.
	var raw lua.LValue
	switch v := v.(type) {
	case *lua.LTable:
		raw = v.Metatable
	case *lua.LUserData:
		raw = v.Metatable
	default:
		raw = c.L.GetMetatable(v)
	}
	mt, ok := raw.(*lua.LTable)
	if !ok {
		return nil
	}
	idx, ok := mt.RawGetString("__index").(*lua.LTable)
	if !ok {
		// An object whose __index is a function (psutil.Process) lists
		// its methods in __methods.
		if methods, ok := mt.RawGetString("__methods").(*lua.LTable); ok {
			return methods
		}
		return nil
	}
	return idx
}

// fields lists the names of v's fields starting with partial (methods
// only after ':'). Names starting with "_" are left out unless partial
// starts with one.
func (c *completer) fields(v lua.LValue, partial string, methods bool) []string {
	seen := map[string]bool{}
	var names []string
	if !methods {
		// A named tuple's fields are served by its metatable, not stored.
		for _, name := range bindings.TupleFields(v) {
			if c.offer(name, partial) {
				seen[name] = true
				names = append(names, name)
			}
		}
	}
	for depth := 0; depth < 10 && v != nil; depth++ {
		if t, ok := v.(*lua.LTable); ok {
			t.ForEach(func(k, val lua.LValue) {
				name, ok := k.(lua.LString)
				if !ok || seen[string(name)] || !c.offer(string(name), partial) {
					return
				}
				_, isFn := val.(*lua.LFunction)
				if methods && !isFn {
					return
				}
				seen[string(name)] = true
				if isFn {
					names = append(names, string(name)+"(")
				} else {
					names = append(names, string(name))
				}
			})
		}
		v = c.indexTable(v)
	}
	sort.Strings(names)
	return names
}

// globals lists the global names and keywords starting with partial.
func (c *completer) globals(partial string) []string {
	names := c.fields(c.L.Get(lua.GlobalsIndex), partial, false)
	for kw := range luaKeywords {
		if strings.HasPrefix(kw, partial) && partial != "" {
			names = append(names, kw)
		}
	}
	sort.Strings(names)
	return names
}

func (c *completer) offer(name, partial string) bool {
	if !isIdentifier(name) || !strings.HasPrefix(name, partial) {
		return false
	}
	return partial != "" && partial[0] == '_' || name[0] != '_'
}
