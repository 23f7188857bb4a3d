package bindings

import (
	"os"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// A method given any argument reads afresh, as in psutil 8; without
// arguments it returns what process_iter prefetched. The fixture's statm
// changes between the two.
func TestPrefetchedOnlyWithoutArguments(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "proc-basic"))); err != nil {
		t.Fatal(err)
	}
	statm := filepath.Join(dir, "proc", "4242", "statm")
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.FixtureFS(dir))).Loader)
	L.SetGlobal("grow", L.NewFunction(func(L *lua.LState) int {
		// rss from 389 pages to 3890
		if err := os.WriteFile(statm, []byte("625 3890 292 5 0 84 0\n"), 0o644); err != nil {
			L.RaiseError("%v", err)
		}
		return 0
	}))
	err := L.DoString(`
		local psutil = require("psutil")
		local seen = false
		for p in psutil.process_iter({"memory_percent", "memory_info"}) do
			if p.pid == 4242 then
				seen = true
				local before = p:memory_percent()
				grow()
				assert(p:memory_percent() == before, "no arguments: the prefetched value")
				assert(p:memory_info().rss == 389 * 4096, "memory_info(): the prefetched rss")
				local now = p:memory_percent("rss")
				assert(math.abs(now / before - 10) < 0.01, "memory_percent('rss') read again: " .. now .. " after " .. before)
				assert(p:memory_percent{memtype = "rss"} == now, "named arguments read again too")
				assert(p:memory_percent() == before, "the prefetched value is kept")
			end
		end
		assert(seen, "process_iter lists the fixture's 4242")`)
	if err != nil {
		t.Fatal(err)
	}
}

func fixtureState(t *testing.T, name string) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	L.PreloadModule("psutil", NewModule(platform.New(platform.FixtureFS(filepath.Join("..", "testdata", name)))).Loader)
	return L
}

// Each process_iter pass yields the same object for the same process, as
// psutil's table does, until cache_clear; p.info is {} when nothing was
// prefetched (psutil 8) and holds only this pass's attributes.
func TestProcessIterSameObjects(t *testing.T) {
	L := fixtureState(t, "proc-basic")
	err := L.DoString(`
		local psutil = require("psutil")
		local seen = {}
		for p in psutil.process_iter({"name"}) do seen[p] = p.info.name end
		local n = 0
		for p in psutil.process_iter() do
			assert(seen[p] ~= nil, "the same userdata is a table key again: " .. tostring(p))
			assert(next(p.info) == nil, "no attrs this pass: p.info is {}")
			n = n + 1
		end
		assert(n > 0)
		for p in psutil.process_iter({"pid"}) do
			assert(p.info.pid == p.pid and p.info.name == nil, "p.info is this pass's")
		end
		psutil.process_iter.cache_clear()
		for p in psutil.process_iter() do
			assert(seen[p] == nil, "cache_clear makes new objects")
			for q in pairs(seen) do assert(p == q or q.pid ~= p.pid) end
		end
		assert(next(psutil.Process(4242).info) == nil)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// psutil 8's module attributes: Process.attrs, the cache_clear functions,
// heap_info and heap_trim.
func TestModuleAttributes(t *testing.T) {
	L := fixtureState(t, "proc-basic")
	err := L.DoString(`
		local psutil = require("psutil")
		local attrs = psutil.Process.attrs
		assert(#attrs == 32 and attrs[1] == "cmdline", "Process.attrs, sorted")
		local set = {}
		for _, a in ipairs(attrs) do set[a] = true end
		assert(set.pid and set.memory_footprint and set.net_connections and not set.connections and not set.memory_full_info)
		assert(psutil.Process(4242).pid == 4242, "psutil.Process is still called")
		psutil.disk_io_counters.cache_clear()
		psutil.net_io_counters.cache_clear()
		psutil.process_iter.cache_clear()
		assert(tostring(psutil.process_iter) == "psutil.process_iter")
		local h = psutil.heap_info()
		assert(h.heap_used > 0 and h.mmap_used > 0 and h[1] == h.heap_used)
		assert(tostring(h):find("^pheap%(heap_used=%d+, mmap_used=%d+%)$"), tostring(h))
		assert(psutil.heap_trim() == nil)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// heap_info's purpose, leak detection: a script that allocates and frees in
// a loop sees heap_used come back to its baseline.
func TestHeapInfoLeakDetection(t *testing.T) {
	L := fixtureState(t, "proc-basic")
	err := L.DoString(`
		local psutil = require("psutil")
		psutil.heap_trim()
		local base = psutil.heap_info().heap_used
		for round = 1, 5 do
			local t = {}
			for i = 1, 20000 do t[i] = {i, tostring(i)} end
			t = nil
		end
		psutil.heap_trim()
		local after = psutil.heap_info().heap_used
		assert(after < base + 512 * 1024, "heap_used " .. after .. " after the loop, baseline " .. base)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// Positional arguments followed by one table of options, for functions
// and methods; every argument error names its function.
func TestPositionalThenOptions(t *testing.T) {
	L := fixtureState(t, "proc-basic")
	err := L.DoString(`
		local psutil = require("psutil")
		local p = psutil.Process(4242)
		local d = p:as_dict({"pid", "name"}, {ad_value = "AD"})
		assert(d.pid == 4242 and d.name)
		local AD = {}
		for q in psutil.process_iter({"pid"}, AD) do assert(q.info.pid == q.pid) end
		assert(psutil.cpu_times_percent(0, {percpu = true})[1] ~= nil)
		local function err(f, ...)
			local ok, e = pcall(f, ...)
			assert(not ok)
			return e
		end
		local e = err(psutil.cpu_percent, 0, {interval = 1})
		assert(e:find("cpu_percent() got multiple values for argument 'interval'", 1, true), e)
		e = err(psutil.cpu_percent, 0, {bogus = 1})
		assert(e:find("cpu_percent() got an unexpected option 'bogus'", 1, true), e)
		e = err(psutil.cpu_percent, 0, {[("x"):rep(1e6)] = 1}) -- quoted in part
		assert(e:find("cpu_percent() got an unexpected option '" .. ("x"):rep(200) .. "...'", 1, true) and #e < 400, #e)
		e = err(psutil.net_connections, ("x"):rep(1e6))
		assert(e:find("... (1000000 bytes)", 1, true) and #e < 600, #e)
		e = err(psutil.cpu_percent, 0, {percpu = 1})
		assert(e:find("bad option 'percpu' to 'cpu_percent'", 1, true), e)
		e = err(p.name)
		assert(e:find("bad argument #1 to 'name' (psutil.Process expected, got nil", 1, true), e)
		e = err(p.oneshot, p, 1)
		assert(e:find("bad argument #1 to 'oneshot'", 1, true), e)
		e = err(p.as_dict, p, {"connections"})
		assert(e:find("renamed 'connections' to 'net_connections'", 1, true), e)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// TestAsDictOfAChangedList: as_dict resolves a list of attributes once
// and keeps it for the next calls: a list changed in between is read
// again, errors and all.
func TestAsDictOfAChangedList(t *testing.T) {
	L := fixtureState(t, "proc-basic")
	err := L.DoString(`
		local psutil = require("psutil")
		local p = psutil.Process(4242)
		local attrs = {"pid", "name"}
		for _ = 1, 3 do
			local d = p:as_dict(attrs)
			assert(d.pid == 4242 and d.name and d.ppid == nil)
		end
		attrs[2] = "ppid"
		local d = p:as_dict(attrs)
		assert(d.pid == 4242 and d.ppid and d.name == nil)
		attrs[3] = "name"
		d = p:as_dict(attrs)
		assert(d.pid == 4242 and d.ppid and d.name)
		attrs[3] = nil
		d = p:as_dict(attrs)
		assert(d.ppid and d.name == nil)
		attrs[2] = "bogus"
		local ok, e = pcall(p.as_dict, p, attrs)
		assert(not ok and e:find("invalid attr name 'bogus'", 1, true), e)
		attrs[2] = 7
		ok, e = pcall(p.as_dict, p, attrs)
		assert(not ok and e:find("attribute names must be strings", 1, true), e)
		attrs[2] = "ppid"
		d = p:as_dict(attrs)
		assert(d.pid == 4242 and d.ppid and d.name == nil)`)
	if err != nil {
		t.Fatal(err)
	}
}

// TestModuleSharedByStates: one Module may serve states that run on
// different goroutines (its caches are shared); each state's processes
// read their methods through their own metatable.
func TestModuleSharedByStates(t *testing.T) {
	m := NewModule(platform.New(platform.LiveFS()))
	done := make(chan error, 2)
	for range 2 {
		go func() {
			L := lua.NewState()
			defer L.Close()
			L.PreloadModule("psutil", m.Loader)
			done <- L.DoString(`
				local psutil = require("psutil")
				for _ = 1, 20 do
					for p in psutil.process_iter() do assert(type(p.ppid) == "function" and p.pid > 0) end
				end`)
		}()
	}
	for range 2 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}
