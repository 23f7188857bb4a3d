package bindings

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// params reads a function's arguments given positionally in psutil's order
// (psutil.cpu_percent(1, true)) or as one table of named options
// (psutil.cpu_percent{interval=1, percpu=true}).
type params struct {
	L     *lua.LState
	fn    string   // psutil's function name, for error messages
	names []string // psutil's parameter names, in order
	opts  *lua.LTable
	self  int // 1 for a method: its arguments follow self
}

func newParams(L *lua.LState, fn string, names ...string) params {
	return readParams(params{L: L, fn: fn, names: names})
}

// methodParams reads a method's arguments, after self.
func methodParams(L *lua.LState, fn string, names ...string) params {
	return readParams(params{L: L, fn: fn, names: names, self: 1})
}

func readParams(p params) params {
	L := p.L
	n := L.GetTop() - p.self
	if len(p.names) > 0 && n == 1 {
		if t, ok := L.Get(1 + p.self).(*lua.LTable); ok && L.GetMetatable(t) == lua.LNil && !p.takesList() {
			p.opts = t
			p.checkOptionNames()
		}
	}
	if p.opts == nil && n > len(p.names) {
		L.RaiseError("%s() takes at most %d argument(s) (%d given)", p.fn, len(p.names), n)
	}
	return p
}

// listParams are the parameters that take a list as first argument: a
// table there is that list, unless its keys are option names.
var listParams = map[string]bool{"attrs": true, "cpus": true, "procs": true, "args": true, "limits": true}

func (p params) takesList() bool {
	if !listParams[p.names[0]] {
		return false
	}
	t := p.L.Get(1 + p.self).(*lua.LTable)
	named := false
	t.ForEach(func(k, _ lua.LValue) {
		if s, ok := k.(lua.LString); ok && p.known(string(s)) {
			named = true
		}
	})
	return !named
}

func (p params) checkOptionNames() {
	var unknown []string
	p.opts.ForEach(func(k, _ lua.LValue) {
		name, ok := k.(lua.LString)
		if !ok || !p.known(string(name)) {
			unknown = append(unknown, p.L.ToStringMeta(k).String())
		}
	})
	if len(unknown) > 0 {
		sort.Strings(unknown)
		p.L.RaiseError("%s() got an unexpected option '%s' (options: %s)", p.fn, unknown[0], strings.Join(p.names, ", "))
	}
}

func (p params) known(name string) bool {
	for _, n := range p.names {
		if n == name {
			return true
		}
	}
	return false
}

// get returns parameter i (0-based in names), or nil when not given.
func (p params) get(i int) lua.LValue {
	if p.opts != nil {
		return p.opts.RawGetString(p.names[i])
	}
	return p.L.Get(i + 1 + p.self)
}

// argError raises "bad argument #n 'name' to 'fn' (msg)".
func (p params) argError(i int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.opts != nil {
		p.L.RaiseError("bad option '%s' to '%s' (%s)", p.names[i], p.fn, msg)
	}
	p.L.RaiseError("bad argument #%d '%s' to '%s' (%s)", i+1, p.names[i], p.fn, msg)
}

// raiseOrArgError raises err from function fn: psutil's error classes and
// "not implemented" as they are, anything else (a value the platform
// refused) as an argument error on parameter i.
func (p params) raiseOrArgError(i int, fn string, err error) {
	var ni *platform.NotImplementedError
	if isPsutilError(err) || errors.As(err, &ni) {
		raise(p.L, fn, err)
	}
	p.argError(i, "%s", err.Error())
}

// connKind reads net_connections' kind (parameter i): "inet" when nil.
func (p params) connKind(i int) string {
	if p.get(i) == lua.LNil {
		return "inet"
	}
	return p.checkString(i)
}

// checkConnKind raises an unknown kind as an argument error on parameter i.
func (p params) checkConnKind(i int, err error) {
	var ke *platform.ConnKindError
	if errors.As(err, &ke) {
		p.argError(i, "%s", err.Error())
	}
}

func (p params) optBool(i int, def bool) bool {
	switch v := p.get(i).(type) {
	case *lua.LNilType:
		return def
	case lua.LBool:
		return bool(v)
	default:
		p.argError(i, "boolean expected, got %s", typeName(p.L, v))
		return def
	}
}

// optNumber returns the number given, or ok false when nil.
func (p params) optNumber(i int) (n float64, ok bool) {
	switch v := p.get(i).(type) {
	case *lua.LNilType:
		return 0, false
	case lua.LNumber:
		return float64(v), true
	default:
		p.argError(i, "number expected, got %s", typeName(p.L, v))
		return 0, false
	}
}

func (p params) checkString(i int) string {
	switch v := p.get(i).(type) {
	case lua.LString:
		return string(v)
	case *lua.LNilType:
		p.argError(i, "string expected, got no value")
	default:
		p.argError(i, "string expected, got %s", typeName(p.L, v))
	}
	return ""
}

func typeName(L *lua.LState, v lua.LValue) string {
	if name, ok := L.GetMetaField(v, "__name").(lua.LString); ok {
		return string(name)
	}
	return v.Type().String()
}
