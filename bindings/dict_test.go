package bindings

import (
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// With the gopher-lua psulua builds with, tables take their keys ready-made;
// a new version with another layout would build them slowly but rightly.
func TestTableLayoutKnown(t *testing.T) {
	if !ltableLayout().ok {
		t.Fatal("gopher-lua's LTable layout is not the one dict.go expects")
	}
}

// Tables built from shared keys behave as tables built key by key: the
// same pairs, nil values absent, and keys that scripts add or remove
// afterwards touch no other table.
func TestDictTablesAreIndependent(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	var c dictKeysCache
	build := func(a, b lua.LValue) *lua.LTable {
		return c.table(L, []dictField{{"name", a}, {"pid", b}, {"status", lua.LString("running")}})
	}
	t1 := build(lua.LString("x"), lua.LNumber(1))
	t2 := build(lua.LString("y"), lua.LNil)
	if c.lookup([]dictField{{"name", nil}, {"pid", nil}, {"status", nil}}) != c.recent[0].Load() || c.recent[1].Load() != nil {
		t.Fatal("the second table did not reuse the first one's keys")
	}
	L.SetGlobal("t1", t1)
	L.SetGlobal("t2", t2)
	if err := L.DoString(`
		local function dump(t)
			local keys = {}
			for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. tostring(v) end
			table.sort(keys)
			return table.concat(keys, " ")
		end
		assert(dump(t1) == "name=x pid=1 status=running", dump(t1))
		assert(dump(t2) == "name=y status=running", dump(t2))
		t2.pid = 7
		t1.name = nil
		t1.other = 3
		t2.other = true
		assert(dump(t1) == "other=3 pid=1 status=running", dump(t1))
		assert(dump(t2) == "name=y other=true pid=7 status=running", dump(t2))
		t1[1] = "a"
		assert(next(t1) == 1 and #t1 == 1)
		for k in pairs(t2) do t2[k] = nil end
		assert(next(t2) == nil and dump(t1) == "1=a other=3 pid=1 status=running", dump(t1))
	`); err != nil {
		t.Fatal(err)
	}
	t3 := build(lua.LString("z"), lua.LNumber(3))
	L.SetGlobal("t3", t3)
	if err := L.DoString(`
		local n = 0
		for k, v in pairs(t3) do n = n + 1 end
		assert(n == 3 and t3.name == "z" and t3.other == nil)
	`); err != nil {
		t.Fatal(err)
	}
}

// A repeated name, or none, builds the table key by key: the last value
// of a name wins, as with RawSetString.
func TestDictTableRepeatedNames(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	var c dictKeysCache
	tb := c.table(L, []dictField{{"a", lua.LNumber(1)}, {"a", lua.LNumber(2)}})
	if tb.RawGetString("a") != lua.LNumber(2) || c.recent[0].Load() != nil {
		t.Errorf("a = %v, cached %v", tb.RawGetString("a"), c.recent[0].Load())
	}
	if k, _ := c.table(L, nil).Next(lua.LNil); k != lua.LNil {
		t.Errorf("an empty table has key %v", k)
	}
}

// The cache keeps the last four key lists.
func TestDictKeysCacheEvictsOldest(t *testing.T) {
	var c dictKeysCache
	names := []string{"a", "b", "c", "d", "e"}
	for _, n := range names {
		c.lookup([]dictField{{name: n}})
	}
	for i, want := range []string{"e", "d", "c", "b"} {
		if got := c.recent[i].Load().names[0]; got != want {
			t.Errorf("slot %d holds %q, want %q", i, got, want)
		}
	}
	if k := c.lookup([]dictField{{name: "c"}}); k != c.recent[2].Load() {
		t.Error("a cached list was made again")
	}
}
