package bindings

import (
	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// attrSetCache holds the last few attribute lists as_dict was given, each
// with its platform.ProcessAttrSet (a monitor passes the same list for
// every process, every refresh).
type attrSetCache struct{ recent[attrSetEntry] }

type attrSetEntry struct {
	names []string
	set   *platform.ProcessAttrSet
}

// lookup returns the set of a cached list that t holds exactly, or nil.
func (c *attrSetCache) lookup(t *lua.LTable) *platform.ProcessAttrSet {
	n := t.Len()
	for i := range c.recent {
		e := c.recent[i].Load()
		if e != nil && len(e.names) == n && e.holds(t) {
			return e.set
		}
	}
	return nil
}

func (e *attrSetEntry) holds(t *lua.LTable) bool {
	for j, name := range e.names {
		if s, ok := t.RawGetInt(j + 1).(lua.LString); !ok || string(s) != name {
			return false
		}
	}
	return true
}

// attrSet is as_dict's attrs (parameter i) resolved: from the cache when
// the list is one seen lately, else checked (checkAttrs), resolved and
// cached.
func (m *Module) attrSet(p params, i int, fn string) *platform.ProcessAttrSet {
	if t, ok := p.get(i).(*lua.LTable); ok {
		if set := m.attrSets.lookup(t); set != nil {
			return set
		}
	}
	attrs := checkAttrs(p, i)
	set, err := platform.NewProcessAttrSet(attrs)
	if err != nil {
		p.raiseOrArgError(i, fn, err)
	}
	if attrs != nil {
		m.attrSets.push(&attrSetEntry{names: attrs, set: set})
	}
	return set
}
