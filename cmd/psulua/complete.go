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
// (p:mem). It reads tables raw and never calls Lua code, so completing
// has no side effects.
type completer struct {
	L *lua.LState
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
	for start > 0 && isNameByte(before[start-1]) {
		start--
	}
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

// resolve finds the value a dotted path names, starting from the globals
// (a method name after ':' cannot be followed by more).
func (c *completer) resolve(path string) (lua.LValue, bool) {
	if strings.Contains(path, ":") {
		return nil, false
	}
	var v lua.LValue = c.L.Get(lua.GlobalsIndex)
	for _, name := range strings.Split(path, ".") {
		if name == "" {
			return nil, false
		}
		v = c.field(v, name)
		if v == lua.LNil {
			return nil, false
		}
	}
	return v, true
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
