package bindings

import (
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
	"github.com/psulua/psulua/platform"
)

// params reads a function's arguments as Python would take them: given
// positionally in psutil's order (psutil.cpu_percent(1, true)), as one table
// of named options (psutil.cpu_percent{interval=1, percpu=true}), or both:
// positional arguments followed by one table of the others
// (psutil.wait_procs(procs, {timeout=3, callback=f})).
type params struct {
	L     *lua.LState
	fn    string   // psutil's function name, for error messages
	names []string // psutil's parameter names, in order
	opts  *lua.LTable
	npos  int // how many were given positionally
	self  int // 1 for a method: its arguments follow self
}

func newParams(L *lua.LState, fn string, names ...string) params {
	return readParams(params{L: L, fn: fn, names: names})
}

// methodParams reads a method's arguments, after self.
func methodParams(L *lua.LState, fn string, names ...string) params {
	return readParams(params{L: L, fn: fn, names: names, self: 1})
}

// readParams takes a last argument that is a plain table as the table of
// options, unless psutil's parameter at that position takes a list (attrs,
// procs, args...) and the table names no option.
func readParams(p params) params {
	L := p.L
	n := L.GetTop() - p.self
	p.npos = n
	if len(p.names) > 0 && n >= 1 {
		if t, ok := L.Get(n + p.self).(*lua.LTable); ok && L.GetMetatable(t) == lua.LNil && !p.takesList(n-1, t) {
			p.opts = t
			p.npos = n - 1
			p.checkOptionNames()
		}
	}
	if p.npos > len(p.names) {
		L.RaiseError("%s() takes at most %d argument(s) (%d given)", p.fn, len(p.names), n)
	}
	if p.opts != nil {
		for i := 0; i < p.npos; i++ {
			if p.opts.RawGetString(p.names[i]) != lua.LNil {
				L.RaiseError("%s() got multiple values for argument '%s'", p.fn, p.names[i])
			}
		}
	}
	return p
}

// listParams are the parameters that take a list, or any value (ad_value,
// which scripts often make a table as a sentinel): a table there is that
// value, unless its keys are option names.
var listParams = map[string]bool{"attrs": true, "cpus": true, "procs": true, "args": true, "limits": true, "ad_value": true}

func (p params) takesList(i int, t *lua.LTable) bool {
	if i >= len(p.names) || !listParams[p.names[i]] {
		return false
	}
	// A lookup per parameter name, not a walk over the list (as_dict's
	// attrs come with every call of a monitor's loop).
	for _, name := range p.names {
		if t.RawGetString(name) != lua.LNil {
			return false
		}
	}
	return true
}

func (p params) checkOptionNames() {
	// The error names the least unknown key, as a sort of them would. A
	// script may pass millions, and a key's __tostring may be a Go
	// function (dir) that runs no instruction: the time limit is looked
	// at as they are read.
	first, found, n := "", false, 0
	p.opts.ForEach(func(k, _ lua.LValue) {
		name, ok := k.(lua.LString)
		if ok && p.known(string(name)) {
			return
		}
		if n++; !ok || len(name) >= 1<<10 || n%optionCheckEvery == 0 {
			lua51.CheckGrowth(p.L, p.fn, 0) // (long names compare slowly too)
		}
		if s := p.L.ToStringMeta(k).String(); !found || s < first {
			first, found = s, true
		}
	})
	if found {
		p.L.RaiseError("%s() got an unexpected option '%s' (options: %s)", p.fn, lua51.Shown(first), strings.Join(p.names, ", "))
	}
}

// optionCheckEvery is how many unknown short string keys checkOptionNames
// reads between looks at the time limit.
const optionCheckEvery = 1 << 12

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
	if i < p.npos {
		return p.L.Get(i + 1 + p.self)
	}
	if p.opts != nil {
		return p.opts.RawGetString(p.names[i])
	}
	return lua.LNil
}

// argError raises "bad argument #n 'name' to 'fn' (msg)".
func (p params) argError(i int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if i >= p.npos && p.opts != nil {
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
		return lua51.Shown(string(name))
	}
	return v.Type().String()
}
