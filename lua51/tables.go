package lua51

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua keeps a table's integer keys below lua.MaxArrayIndex (2^26)
// in its array part, and an assignment past the array's end first fills
// the gap with nils, one append at a time: `t[50000000] = 1` allocates and
// copies more than a gigabyte in one Go call, for seconds, where neither a
// time limit nor a memory watchdog can act (they stop a script between
// instructions). Lua keeps such a key in the hash part.
//
// PrepareFar handles a key far past the array's end before gopher-lua
// does. Assigning nil there changes nothing a script can see, and is
// skipped. Any other value needs the array grown to the key: it is grown
// in one allocation (doubling, so that keys stepping far one after the
// other cost no more than appends), after asking the state's ceiling and
// Room (Install's options) for the room, and refused as string.rep's
// result is when it does not fit; gopher-lua then stores the value at the
// new end. Install puts it in front of rawset and table.insert, RawSet is
// it for Go code that stores keys a script chose, and psulua's engine in
// front of the assignment instruction.

// farGap is how far past a table's array part a key must be for
// PrepareFar to handle it: nearer keys cost gopher-lua little.
const farGap = 1 << 12

// arrayOffset is where LTable keeps its array part; ok when found (another
// gopher-lua version may lay it out otherwise: tables are then left to it).
var arrayOffset, arrayOffsetOK = func() (uintptr, bool) {
	f, ok := reflect.TypeOf(lua.LTable{}).FieldByName("array")
	return f.Offset, ok && f.Type == reflect.TypeOf([]lua.LValue(nil))
}()

func tableArray(t *lua.LTable) *[]lua.LValue {
	return (*[]lua.LValue)(unsafe.Add(unsafe.Pointer(t), arrayOffset))
}

// IsFar reports whether key is more than farGap slots past t's array part
// (a quick test: PrepareFar decides).
func IsFar(t *lua.LTable, key lua.LNumber) bool {
	return arrayOffsetOK && float64(key) > float64(len(*tableArray(t))+farGap)
}

// PrepareFar readies the raw assignment t[key] = v: it reports true when
// the assignment is to be skipped (v is nil and key far past t's array
// part), and for another value far there grows the array to just below
// key, so that the assignment appends. A size past the state's ceiling,
// or past what Room leaves, raises the refusal, positioned at level of the
// stack (0: an instruction of the Lua function running).
func PrepareFar(L *lua.LState, level int, t *lua.LTable, key lua.LNumber, v lua.LValue) bool {
	n := float64(key)
	if !IsFar(t, key) || n != math.Trunc(n) || n >= float64(lua.MaxArrayIndex) {
		return false // near, or a hash key
	}
	if v == lua.LNil {
		return true
	}
	arr := tableArray(t)
	old, need := *arr, int(n)
	if need <= cap(old) {
		grown := old[:need-1]
		fillNil(L, grown, len(old))
		*arr = grown
		return false
	}
	// Doubling when that fits, else just what the key needs.
	capacity := max(need, 2*cap(old))
	const slot = 16 // an LValue is an interface: two words
	if c := stateCeiling(L); c != nil && !c.fits(int64(capacity)*slot) {
		capacity = need
		size := int64(capacity) * slot
		if size > c.limit {
			RaiseTooBigAt(L, level, farKeyError(n, size, c.limit, c.what), c.refused)
		}
		if !c.fits(size) {
			RaiseTooBigAt(L, level, farKeyError(n, size, c.limit, "what the memory limit leaves"), c.refused)
		}
	}
	grown := make([]lua.LValue, need-1, capacity)
	copyChecked(L, grown, old, farChunk)
	fillNil(L, grown, len(old))
	*arr = grown
	return false
}

// farChunk is how many slots PrepareFar copies or fills between looks at
// the time limit: an array of millions of slots takes a while, more while
// the collector runs and each store has a write barrier.
const farChunk = 1 << 20

// fillNil sets s[from:] to lua.LNil, doubling copies of what it has set,
// a chunk at a time. Stopping part way leaves the slots past the array's
// length, which no one sees.
func fillNil(L *lua.LState, s []lua.LValue, from int) {
	if from >= len(s) {
		return
	}
	s[from] = lua.LNil
	for done := from + 1; done < len(s); {
		done += copy(s[done:], s[from:from+min(done-from, farChunk)])
		CheckGrowth(L, "", 0)
	}
}

// fits reports whether size bytes fit the ceiling and what Room leaves.
func (c *ceiling) fits(size int64) bool {
	return size <= c.limit && (c.room == nil || c.room(size))
}

func farKeyError(key float64, size, limit int64, what string) string {
	return fmt.Sprintf("table index %s: an array part of %d bytes exceeds %s (%d bytes)", NumberString(lua.LNumber(key)), size, what, limit)
}

// RawSet is t.RawSet(k, v) for Go code that stores a key a script chose
// (a __newindex written in Go): a far integer key is handled as in
// rawset.
func RawSet(L *lua.LState, t *lua.LTable, k, v lua.LValue) {
	if n, ok := k.(lua.LNumber); ok && IsFar(t, n) && PrepareFar(L, 1, t, n, v) {
		return
	}
	t.RawSet(k, v)
}

// ceilingKey is where Install keeps a state's ceiling, in its registry
// (shared by its coroutines).
const ceilingKey = "psulua.lua51.ceiling"

func stateCeiling(L *lua.LState) *ceiling {
	if ud, ok := L.G.Registry.RawGetString(ceilingKey).(*lua.LUserData); ok {
		c, _ := ud.Value.(*ceiling)
		return c
	}
	return nil
}

// guardFarKeys keeps c in L's registry, for PrepareFar, and puts
// PrepareFar in front of rawset (which also returns its table, as Lua
// 5.1's does) and table.insert (which also takes Lua 5.1's two or three
// arguments only), each through wrapG.
func guardFarKeys(L *lua.LState, c *ceiling) {
	ud := L.NewUserData()
	ud.Value = c
	L.G.Registry.RawSetString(ceilingKey, ud)
	wrapG(L, L.G.Global, "rawset", func(L *lua.LState, g lua.LGFunction) int {
		t, ok1 := L.Get(1).(*lua.LTable)
		key, ok2 := L.Get(2).(lua.LNumber)
		if !ok1 || !ok2 || L.GetTop() < 3 || !PrepareFar(L, 1, t, key, L.Get(3)) {
			g(L)
		}
		L.Push(L.Get(1))
		return 1
	})
	tbl, ok := L.GetGlobal("table").(*lua.LTable)
	if !ok {
		return
	}
	wrapG(L, tbl, "insert", func(L *lua.LState, g lua.LGFunction) int {
		t, ok := L.Get(1).(*lua.LTable)
		if !ok {
			return g(L) // its argument error
		}
		switch L.GetTop() {
		case 2:
		case 3:
			// The position as luaL_checkint reads it (gopher-lua's took
			// no numeric string).
			pos := lua.LNumber(checkInt(L, 2))
			L.Replace(2, pos)
			if pos < 1 {
				insertBelowOne(L, t, int(pos), L.Get(3))
				return 0
			}
			if PrepareFar(L, 1, t, pos, L.Get(3)) {
				return 0
			}
		default:
			Raise(L, "wrong number of arguments to 'insert'")
		}
		return g(L)
	})
	tbl.RawSetString("remove", L.NewFunction(tableRemove))
}

// k2iOffset is where LTable keeps the index of each hash key (k2i); ok
// when found.
var k2iOffset, k2iOffsetOK = func() (uintptr, bool) {
	f, ok := reflect.TypeOf(lua.LTable{}).FieldByName("k2i")
	return f.Offset, ok && f.Type == reflect.TypeOf(map[lua.LValue]int(nil))
}()

// baseNext is next(t [, k]), which raises Lua 5.1's "invalid key to
// 'next'" for a key t never held: gopher-lua's went on from its second
// key. A key whose value was cleared is still valid, as in Lua.
func baseNext(L *lua.LState) int {
	t := L.CheckTable(1)
	key := L.Get(2)
	if key != lua.LNil && !validNextKey(t, key) {
		L.Error(lua.LString("invalid key to 'next'"), 0)
	}
	k, v := t.Next(key)
	if k == lua.LNil {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(k)
	L.Push(v)
	return 2
}

func validNextKey(t *lua.LTable, key lua.LValue) bool {
	if t.RawGet(key) != lua.LNil || !arrayOffsetOK || !k2iOffsetOK {
		return true
	}
	if n, ok := key.(lua.LNumber); ok && n >= 1 && float64(n) <= float64(len(*tableArray(t))) && n == lua.LNumber(int(n)) {
		return true
	}
	_, ok := (*(*map[lua.LValue]int)(unsafe.Add(unsafe.Pointer(t), k2iOffset)))[key]
	return ok
}

// insertCheckEvery is how many keys insertBelowOne walks between looks
// at the run's context.
const insertCheckEvery = 1 << 14

// insertBelowOne is table.insert(t, pos, v) for pos < 1 as Lua 5.1 runs
// it: every value from t[pos] to t[#t] moves up one place (gopher-lua's
// stored v at pos and moved none). The keys below 1 holding a value are
// found by a walk of the table, not a count from pos, which may be far.
func insertBelowOne(L *lua.LState, t *lua.LTable, pos int, v lua.LValue) {
	type entry struct {
		k   int
		val lua.LValue
	}
	var below []entry // the keys from pos to 0 that hold a value, by key
	steps := 0
	t.ForEach(func(k, val lua.LValue) {
		if steps++; steps%insertCheckEvery == 0 {
			CheckGrowth(L, "table.insert", 0) // a table of millions of keys takes seconds
		}
		if n, ok := k.(lua.LNumber); ok && n < 1 && n >= lua.LNumber(pos) && n == lua.LNumber(int(n)) {
			below = append(below, entry{int(n), val})
		}
	})
	slices.SortFunc(below, func(a, b entry) int { return a.k - b.k })
	CheckGrowth(L, "table.insert", 0)
	for i := t.Len() + 1; i > 1; i-- {
		if i%insertCheckEvery == 0 {
			CheckGrowth(L, "table.insert", 0)
		}
		t.RawSetInt(i, t.RawGetInt(i-1))
	}
	t.RawSetInt(1, lua.LNil)
	for i, e := range below {
		if i%insertCheckEvery == 0 {
			CheckGrowth(L, "table.insert", 0)
		}
		if e.k > pos && (i == 0 || below[i-1].k != e.k-1) {
			t.RawSet(lua.LNumber(e.k), lua.LNil) // nothing moves up into it
		}
	}
	for i, e := range below {
		if i%insertCheckEvery == 0 {
			CheckGrowth(L, "table.insert", 0)
		}
		if e.k == 0 {
			t.RawSetInt(1, e.val)
		} else {
			t.RawSet(lua.LNumber(e.k+1), e.val)
		}
	}
	t.RawSet(lua.LNumber(pos), v)
}

// tableRemove is Lua 5.1's table.remove(t [, pos]): nothing happens, and
// nothing is returned, for a position outside 1..#t (gopher-lua's removed
// the last element for 0, and returned nil from an empty table).
func tableRemove(L *lua.LState) int {
	t, ok := L.Get(1).(*lua.LTable)
	if !ok {
		fmtTypeError(L, 1, "table")
	}
	e := t.Len()
	pos := OptInt(L, 2, e)
	if pos < 1 || pos > e {
		return 0
	}
	L.Push(t.RawGetInt(pos))
	for ; pos < e; pos++ {
		t.RawSetInt(pos, t.RawGetInt(pos+1))
	}
	t.RawSetInt(e, lua.LNil)
	return 1
}
