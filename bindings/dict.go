package bindings

import (
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// as_dict and process_iter's info build a table with the same string keys
// for every process, every refresh of a monitor. Through RawSetString,
// gopher-lua spends about three allocations on each key: the key boxed
// twice into an interface, and its place in the table's key order (the
// keys slice and the k2i map, which next walks), grown one key at a time.
// A dictKeys boxes its keys once and hands each new table that order
// ready-made: the keys slice shared (full, so that a key a script adds
// later makes an append copy it: gopher-lua only ever appends to it) and
// the k2i map cloned. gopher-lua exports neither field: their offsets are
// found once by reflection, and with another layout (another gopher-lua
// version) the tables are built with RawSetString, as before.

// dictField is one key and value of a table being built.
type dictField struct {
	name  string
	value lua.LValue
}

// dictKeys is a list of distinct keys, boxed, with their order.
type dictKeys struct {
	names []string
	keys  []lua.LValue       // names boxed, len == cap
	order map[lua.LValue]int // names' indexes: gopher-lua's k2i
}

type tableLayout struct {
	ok                 bool
	strdict, keys, k2i uintptr // offsets in lua.LTable
}

var ltableLayout = sync.OnceValue(func() tableLayout {
	t := reflect.TypeOf(lua.LTable{})
	strdict, ok1 := t.FieldByName("strdict")
	keys, ok2 := t.FieldByName("keys")
	k2i, ok3 := t.FieldByName("k2i")
	if !ok1 || !ok2 || !ok3 ||
		strdict.Type != reflect.TypeOf(map[string]lua.LValue(nil)) ||
		keys.Type != reflect.TypeOf([]lua.LValue(nil)) ||
		k2i.Type != reflect.TypeOf(map[lua.LValue]int(nil)) {
		return tableLayout{}
	}
	return tableLayout{ok: true, strdict: strdict.Offset, keys: keys.Offset, k2i: k2i.Offset}
})

// recent holds the last few entries a cache made, newest first (a monitor
// asks the same of every process, every refresh), shared by the states a
// Module serves: an entry never changes once stored.
type recent[T any] [4]atomic.Pointer[T]

// push stores e as the newest entry, dropping the oldest.
func (r *recent[T]) push(e *T) {
	for i := len(r) - 1; i > 0; i-- {
		r[i].Store(r[i-1].Load())
	}
	r[0].Store(e)
}

// dictKeysCache holds the last few key lists seen (a monitor asks the same
// attributes of every process).
type dictKeysCache struct{ recent[dictKeys] }

// table returns a new table holding each field's value at its name, as
// RawSetString of each in order would build it.
func (c *dictKeysCache) table(L *lua.LState, fields []dictField) *lua.LTable {
	k := c.lookup(fields)
	if k == nil {
		t := L.CreateTable(0, len(fields))
		for _, f := range fields {
			t.RawSetString(f.name, f.value)
		}
		return t
	}
	dict := make(map[string]lua.LValue, len(fields))
	for _, f := range fields {
		if f.value != lua.LNil {
			dict[f.name] = f.value
		}
	}
	l := ltableLayout()
	t := L.CreateTable(0, 0)
	p := unsafe.Pointer(t)
	*(*map[string]lua.LValue)(unsafe.Add(p, l.strdict)) = dict
	*(*[]lua.LValue)(unsafe.Add(p, l.keys)) = k.keys
	*(*map[lua.LValue]int)(unsafe.Add(p, l.k2i)) = maps.Clone(k.order)
	return t
}

// lookup returns the dictKeys of fields' names, made and cached if new;
// nil when the layout is unknown or a name repeats.
func (c *dictKeysCache) lookup(fields []dictField) *dictKeys {
	if !ltableLayout().ok || len(fields) == 0 {
		return nil
	}
	for i := range c.recent {
		if k := c.recent[i].Load(); k != nil && k.match(fields) {
			return k
		}
	}
	k := &dictKeys{
		names: make([]string, len(fields)),
		keys:  make([]lua.LValue, len(fields)),
		order: make(map[lua.LValue]int, len(fields)),
	}
	for i, f := range fields {
		key := lua.LValue(lua.LString(f.name))
		if _, dup := k.order[key]; dup {
			return nil
		}
		k.names[i], k.keys[i], k.order[key] = f.name, key, i
	}
	c.push(k)
	return k
}

func (k *dictKeys) match(fields []dictField) bool {
	return slices.EqualFunc(k.names, fields, func(name string, f dictField) bool { return name == f.name })
}
