package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// tables.go replaces gopher-lua's assignment instruction for the version
// in go.mod; another version must not silently go back to filling arrays.
func TestTablesLayout(t *testing.T) {
	if !tablesLayout().ok {
		t.Fatal("gopher-lua is not " + gopherLuaVersion + ", or its LState, LTable or call frames changed: update tables.go")
	}
}

// TestFarTableKeys: an integer key far past a table's array part, by
// assignment, rawset or table.insert, through __newindex or not, is
// refused at once when its array would not fit the memory limit, and
// stored at once when it would; nil stored there costs nothing.
func TestFarTableKeys(t *testing.T) {
	const refused = "table index 50000000: an array part of 800000000 bytes exceeds the memory limit (16777216 bytes)"
	cases := []struct{ name, src, wantMsg string }{
		{"assignment", `local t = {} t[5e7] = 1`, "<string>:1: " + refused},
		// 14.4 MB of array beside 12 MB kept, with 16 MB allowed: refused
		// however much of the heap at the run's start (its base) was
		// garbage of earlier tests collected since.
		{"assignment past the room left", `local keep = ("x"):rep(12 * 2^20) local t = {} t[9e5] = 1`, "exceeds what the memory limit leaves"},
		{"rawset", `rawset({}, 5e7, 1)`, "<string>:1: " + refused},
		{"rawset with more arguments", `rawset({}, 5e7, 1, 0)`, refused},
		{"table.insert", `table.insert({}, 5e7, 1)`, refused},
		{"table.insert at a fraction", `table.insert({}, 5e7 + 0.5, 1)`, refused},
		{"__newindex", `local t = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v) end}) t[5e7] = 1`, refused},
		{"__newindex tables", `local t = setmetatable({}, {__newindex = setmetatable({}, {__newindex = {}})}) t[5e7] = 1`, refused},
		{"psutil's module table", `local psutil = require("psutil") psutil[5e7] = 1`, refused},
		{"a psutil tuple", `local c = require("psutil").cpu_times() c[5e7] = 1`, refused},
		{"in a coroutine", `coroutine.wrap(function() local t = {} t[5e7] = 1 end)()`, refused},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err, took := runLimited(t, c.src)
			if err == nil || !strings.Contains(err.Error(), c.wantMsg) || !errors.Is(err, ErrMemoryLimit) {
				t.Fatalf("error %v, want ErrMemoryLimit with %q", err, c.wantMsg)
			}
			if took > farKeysAllowance() {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestFarTableKeysStored: far keys that fit are stored at once, through
// every path, nil there costs nothing, and keys stepping far one after
// the other cost about what appends do.
func TestFarTableKeysStored(t *testing.T) {
	cases := []struct{ name, src string }{
		{"stored", `local t = {} t[2e4] = "x" t[2e4 + 1] = "y" rawset(t, 3e4, "z") table.insert(t, 4e4, "w")
			assert(t[2e4] == "x" and t[2e4 + 1] == "y" and t[3e4] == "z" and t[4e4] == "w" and t[2e4 - 1] == nil)
			local n = 0 for k, v in pairs(t) do n = n + 1 end assert(n == 4, n)`},
		{"stored through __newindex", `local inner = {} local t = setmetatable({}, {__newindex = inner}) t[3e4] = 1
			assert(inner[3e4] == 1 and rawget(t, 3e4) == nil)`},
		{"nil", `local t = {} for i = 1, 1e4 do t[5e7 + i] = nil assert(rawset(t, 6e7, nil) == t) table.insert(t, 6e7, nil) end
			assert(next(t) == nil)`},
		{"stepping far", `local t = {} for i = 1, 60 do t[i * 5000] = i end
			local n = 0 for k, v in pairs(t) do n = n + 1 assert(v * 5000 == k) end assert(n == 60)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err, took := runLimited(t, c.src)
			if err != nil {
				t.Fatal(err)
			}
			if took > farKeysAllowance() {
				t.Errorf("took %v", took)
			}
		})
	}
}

// farKeysAllowance is how long a far-key case may take: half a second, or
// five times that under the race detector, which slows the fill of the
// arrays ("stepping far" took 520 ms in a clean-clone CI run).
func farKeysAllowance() time.Duration {
	if raceEnabled {
		return 5 * 500 * time.Millisecond
	}
	return 500 * time.Millisecond
}

// runLimited runs src in a sandboxed host with a memory limit of 16 MiB.
func runLimited(t *testing.T, src string) (error, time.Duration) {
	var out bytes.Buffer
	settleHeap() // what the run starts with is its base: no garbage of other tests
	h := New(Options{Stdout: &out, Timeout: time.Minute, MemoryLimit: 16 << 20, Sandbox: ReadOnly()})
	defer h.Close()
	start := time.Now()
	err := h.RunString(context.Background(), src)
	return err, time.Since(start)
}

// Far keys in a state no host made are stored by the same instruction,
// in one allocation instead of one append per slot (the loop of 1,000
// keys 5,000 apart took 18 s). What is measured is the processor time of
// the thread that runs it, 0.5-1.2 s (4.2-5.5 s under the race detector):
// other packages' tests beside it stretched the wall time past 11 s, and
// the process's processor time, which counts the collector's workers and
// the tests running beside it, reached 2.2 s.
func TestFarTableKeysOutsideHosts(t *testing.T) {
	runtime.LockOSThread() // for threadTime
	defer runtime.UnlockOSThread()
	L := lua.NewState()
	defer L.Close()
	start := threadTime()
	if err := L.DoString(`local t = {1, 2} t[3e6] = 3 t[4e6] = nil
		assert(t[3e6] == 3 and t[2] == 2 and t[3] == nil and t[4e6] == nil)
		local u = {} for i = 1, 1000 do u[i * 5000] = i end`); err != nil {
		t.Fatal(err)
	}
	limit := 2 * time.Second
	if raceEnabled {
		limit *= 5 // the detector slows the fill of the arrays
	}
	if took := threadTime() - start; took > limit {
		t.Errorf("took %v of processor time", took)
	}
}

// TestListsWithTrailingNils: Go functions that read a script's list read
// its length once: gopher-lua's walks back over trailing nils, and each
// of these took 15 to 56 s when the loop asked it again for every item.
func TestListsWithTrailingNils(t *testing.T) {
	const list = `local t = {} for i = 1, 1e5 do t[i] = X end for i = 5e4 + 1, 1e5 do t[i] = nil end `
	cases := []struct{ name, src string }{
		{"process_iter's attrs", `local X = "pid" ` + list + `require("psutil").process_iter(t)`},
		{"as_dict's attrs", `local X = "pid" ` + list + `local p = require("psutil").Process() p:as_dict(t)`},
		{"wait_procs", `local X = require("psutil").Process() ` + list + `pcall(require("psutil").wait_procs, t, 0)`},
		{"screen.run's lines", `local X = "x" ` + list + `require("screen").run{iterations = 1, refresh = function() return t end}`},
		{"a _fields list", `local X = "a" ` + list + `pcall(require("json").encode, setmetatable({}, {_fields = t}))`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := New(Options{Stdout: io.Discard, Timeout: 10 * time.Second, Sandbox: ReadOnly()})
			defer h.Close()
			start := time.Now()
			if err := h.RunString(context.Background(), c.src); err != nil {
				t.Fatal(err)
			}
			if took := time.Since(start); took > time.Second {
				t.Errorf("took %v", took)
			}
		})
	}
}

// TestProcessFieldsReadFast: psutil.Process's methods and pid are read
// without its __index function (FastIndexer), with the same results, and
// once a script replaces that __index (through the debug library), its
// function answers every key.
func TestProcessFieldsReadFast(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		local p = psutil.Process()
		assert(p.pid == psutil.Process().pid and type(p.pid) == "number")
		assert(type(p.ppid) == "function" and p:ppid() == psutil.Process(p.pid):ppid())
		assert(not pcall(function() return p.no_such_method end))
		assert(type(p.info) == "table")
		local mt = debug.getregistry()["psutil.Process"]
		mt.__index = function(_, k) return "replaced " .. k end
		assert(p.pid == "replaced pid" and p.ppid == "replaced ppid" and p.name == "replaced name")`)
	if err != nil {
		t.Fatal(err)
	}
}

// countingIndexer knows the key "known"; its __index function counts its
// calls.
type countingIndexer struct{ calls int }

func (c *countingIndexer) FastIndexTable(t *lua.LTable, key lua.LValue) (lua.LValue, bool) {
	if key == lua.LString("known") {
		return t.RawGetInt(1), true
	}
	return nil, false
}

// TestTableFieldsReadFast: a table whose __index function carries a
// TableFastIndexer gives the keys it knows without a call, through an
// __index table too; other keys, and every key once the function is
// replaced, call __index.
func TestTableFieldsReadFast(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	L := h.L
	c := &countingIndexer{}
	ud := L.NewUserData()
	ud.Value = c
	L.SetGlobal("index", L.NewClosure(func(L *lua.LState) int {
		c.calls++
		L.Push(lua.LString("called for " + L.CheckString(2)))
		return 1
	}, ud))
	err := h.RunString(context.Background(), `
		local mt = {__index = index}
		local t = setmetatable({"first"}, mt)
		assert(t.known == "first" and t["known"] == "first")
		local k = "known" assert(t[k] == "first")
		local child = setmetatable({}, {__index = t})
		assert(child.known == "first")
		assert(t.other == "called for other")
		mt.__index = function(_, k) return "replaced " .. k end
		assert(t.known == "replaced known")`)
	if err != nil {
		t.Fatal(err)
	}
	if c.calls != 1 {
		t.Errorf("__index called %d times, want once (for other)", c.calls)
	}
}

// TestTupleFieldsReadFast: psutil's named tuples give their fields by
// name through the fast path with the values their __index function
// gives, raise AttributeError's message for other names, and give nil
// past their end.
func TestTupleFieldsReadFast(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		local m = psutil.virtual_memory()
		local index = debug.getregistry()["psutil.tuple.svmem"].__index
		for i, name in ipairs(m._fields) do
			assert(m[name] == m[i] and m[name] == index(m, name), name)
		end
		assert(m[#m._fields + 1] == nil)
		local ok, err = pcall(function() return m.no_such_field end)
		assert(not ok and err:find("'svmem' object has no attribute 'no_such_field'", 1, true), err)`)
	if err != nil {
		t.Fatal(err)
	}
}
