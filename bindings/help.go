package bindings

import (
	"fmt"
	"io"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/docs"
)

// help(x) and dir(x), as Python's builtins: help prints x's entry of the
// reference (docs/lua-api.md, docs/stdlib.md), dir returns the sorted
// names x holds. They read values and the documentation only, and return
// names, never values, so a sandboxed state can have them.

// OpenHelp sets the globals help and dir in L. help() prints overview,
// help(x) the entry of x; both write to w.
func OpenHelp(L *lua.LState, w io.Writer, overview string) {
	h := L.NewTable()
	mt := L.NewTable()
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString(overview))
		return 1
	}))
	mt.RawSetString("__call", L.NewFunction(func(L *lua.LState) int {
		L.Remove(1) // help itself
		if L.GetTop() == 0 {
			fmt.Fprintln(w, overview)
			return 0
		}
		fmt.Fprintln(w, HelpText(L, L.Get(1)))
		return 0
	}))
	L.SetMetatable(h, mt)
	L.SetGlobal("help", h)
	L.SetGlobal("dir", L.NewFunction(luaDir))
}

// maxHelpName is longer than any documented name.
const maxHelpName = 100

// HelpText is what help(v) prints.
func HelpText(L *lua.LState, v lua.LValue) string {
	var name string
	switch v := v.(type) {
	case lua.LString:
		if len(v) > maxHelpName {
			// No name is that long: looking it up and suggesting close
			// ones would take time in proportion.
			return fmt.Sprintf("help: no entry for a name of %d bytes.", len(v))
		}
		name = string(v)
	case *lua.LNilType:
		return "help(nil): there is nothing to describe (a misspelt name is nil). " +
			`Ask by name: help("cpu_percent").`
	case lua.LNumber, lua.LBool:
		return fmt.Sprintf("help(%s): a %s is a value, not a name, and many constants share a value. "+
			`Ask by name: help("RLIMIT_NOFILE"), help("STATUS_*"), help("CONN_*").`, v.String(), v.Type())
	default:
		name = valueName(L, v)
		if len(name) > maxHelpName {
			// A __name a script set may be any length.
			return fmt.Sprintf("help: no entry for a name of %d bytes.", len(name))
		}
		if name == "" {
			return fmt.Sprintf("help: this %s has no entry; dir(x) lists its names, "+
				`help("name") looks a name up.`, v.Type())
		}
	}
	e, others := docs.Lookup(name)
	if e == nil {
		msg := fmt.Sprintf("help: no entry for %q.", name)
		if s := docs.Suggest(name); len(s) > 0 {
			msg += " Did you mean: " + strings.Join(s, ", ") + "?"
		}
		return msg
	}
	text := e.Text()
	if len(others) > 0 {
		var also []string
		for _, o := range others {
			also = append(also, o.Names[0])
		}
		text += "\n\nSee also: " + strings.Join(also, ", ")
	}
	return text
}

// valueName is the documented name of a value: a named tuple's class, an
// error's class, a Process, or a function or table found in a loaded
// module ("psutil.cpu_percent", "Process:name", "json.encode").
func valueName(L *lua.LState, v lua.LValue) string {
	switch v := v.(type) {
	case *lua.LTable:
		if c := tupleClassOf(v); c != nil {
			return c.name
		}
		set := errorClasses(L)
		if i, ok := set.tables[v]; ok {
			return "psutil." + errorClassNames[i].name
		}
		if i := classOfValue(L, v); i >= 0 {
			return "psutil." + errorClassNames[i].name
		}
	case *lua.LUserData:
		if lp, ok := v.Value.(*luaProcess); ok && lp.popen != nil {
			return "psutil.Popen"
		}
		if mt, ok := v.Metatable.(*lua.LTable); ok {
			if name, ok := mt.RawGetString("__name").(lua.LString); ok {
				return string(name)
			}
		}
	}
	return loadedName(L, v)
}

// loadedName finds v among the loaded modules, their fields, the fields of
// psutil's callable tables and the Process methods.
func loadedName(L *lua.LState, v lua.LValue) string {
	// The modules' tables are the script's to fill: each is looked
	// through once, and the search gives up past helpSearchBudget fields.
	seen := map[*lua.LTable]bool{}
	budget := helpSearchBudget
	keyOf := func(t *lua.LTable, v lua.LValue) string {
		if seen[t] || budget <= 0 {
			return ""
		}
		seen[t] = true
		var key string
		t.ForEach(func(k, x lua.LValue) {
			budget--
			if s, ok := k.(lua.LString); ok && x == v && key == "" {
				key = string(s)
			}
		})
		return key
	}
	if mt, ok := L.Get(lua.RegistryIndex).(*lua.LTable).RawGetString(processTypeName).(*lua.LTable); ok {
		if methods, ok := mt.RawGetString("__methods").(*lua.LTable); ok {
			if k := keyOf(methods, v); k != "" {
				return "Process:" + k
			}
		}
		if methods, ok := mt.RawGetString("__popen_methods").(*lua.LTable); ok {
			if k := keyOf(methods, v); k != "" {
				return "Popen:" + k
			}
		}
	}
	loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	if !ok {
		return ""
	}
	var found string
	loaded.ForEach(func(k, mod lua.LValue) {
		modName, ok := k.(lua.LString)
		if !ok || found != "" {
			return
		}
		if e, _ := docs.Lookup(string(modName)); e == nil || e.Names[0] != string(modName) {
			return // not a documented module
		}
		if mod == v {
			found = string(modName)
			return
		}
		t, ok := mod.(*lua.LTable)
		if !ok {
			return
		}
		if key := keyOf(t, v); key != "" {
			found = string(modName) + "." + key
			return
		}
		t.ForEach(func(k, field lua.LValue) {
			if ft, ok := field.(*lua.LTable); ok && found == "" {
				if key := keyOf(ft, v); key != "" {
					found = string(modName) + "." + k.String() + "." + key
				}
			}
		})
	})
	return found
}

// helpSearchBudget is how many fields help's search for a value's name
// looks at, at most.
const helpSearchBudget = 1 << 20

// tupleClassOf is the class of a named tuple, or nil.
func tupleClassOf(t *lua.LTable) *tupleClass {
	mt, ok := t.Metatable.(*lua.LTable)
	if !ok {
		return nil
	}
	if ud, ok := mt.RawGetString("_class").(*lua.LUserData); ok {
		if c, ok := ud.Value.(*tupleClass); ok {
			return c
		}
	}
	return nil
}

// luaDir is dir(x): the sorted names x holds, as a list. A named tuple's
// fields; a Process's fields and methods; a table's string keys and those
// its metatable's __index table serves (an object's methods); a string's
// methods; dir() the global names.
func luaDir(L *lua.LState) int {
	names := map[string]bool{}
	if L.GetTop() == 0 {
		addKeys(names, L.G.Global)
	} else {
		dirNames(L, L.Get(1), names)
	}
	if len(names) > maxDirNames {
		// Sorting them would be one long Go call, past the time limit.
		L.RaiseError("dir: %d names, more than the %d dir lists", len(names), maxDirNames)
	}
	list := make([]string, 0, len(names))
	for n := range names {
		list = append(list, n)
	}
	sort.Strings(list)
	L.Push(stringList(L, list))
	return 1
}

// maxDirNames bounds what dir sorts and returns.
const maxDirNames = 100000

// dirNames adds the names dir(v) lists to names.
func dirNames(L *lua.LState, v lua.LValue, names map[string]bool) {
	switch v := v.(type) {
	case *lua.LTable:
		if c := tupleClassOf(v); c != nil {
			for _, f := range c.fields {
				names[f.name] = true
			}
			return
		}
		addKeys(names, v)
		if mt, ok := v.Metatable.(*lua.LTable); ok {
			if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok {
				addMethods(names, idx)
			}
		}
		if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok && loaded.RawGetString("psutil") == v {
			names["PROCFS_PATH"] = true // served by the module's metatable
		}
	case *lua.LUserData:
		if lp, ok := v.Value.(*luaProcess); ok {
			for _, n := range ObjectFields(v) {
				names[n] = true
			}
			methods := "__methods"
			if lp.popen != nil {
				methods = "__popen_methods"
			}
			if mt, ok := v.Metatable.(*lua.LTable); ok {
				if t, ok := mt.RawGetString(methods).(*lua.LTable); ok {
					addKeys(names, t)
				}
			}
			return
		}
		if mt, ok := v.Metatable.(*lua.LTable); ok {
			if idx, ok := mt.RawGetString("__index").(*lua.LTable); ok {
				addMethods(names, idx)
			}
		}
	case lua.LString:
		if strlib, ok := L.GetGlobal("string").(*lua.LTable); ok {
			addMethods(names, strlib)
		}
	}
}

func addKeys(names map[string]bool, t *lua.LTable) {
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok {
			names[string(s)] = true
		}
	})
}

// addMethods adds the keys of a table of methods, without metamethods
// (a class table is often its own __index).
func addMethods(names map[string]bool, t *lua.LTable) {
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok && !strings.HasPrefix(string(s), "__") {
			names[string(s)] = true
		}
	})
}
