package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/internal/suggest"
	"github.com/psulua/psulua/lua51"
)

// noAttribute raises Python's AttributeError for a name the object does
// not have, with the closest of its names as a suggestion, so a misspelt
// psutil.virtual_memry() or vm.totl fails where it is written instead of
// as "attempt to call a nil value" or a silent nil later. Feature tests
// read with rawget, which asks no metatable.
func noAttribute(L *lua.LState, owner, name string, names []string) {
	msg := owner + " has no attribute '" + lua51.Shown(name) + "'"
	if best := suggest.Closest(name, names); best != "" {
		msg += ". Did you mean: '" + best + "'?"
	}
	L.RaiseError("%s", msg)
}
