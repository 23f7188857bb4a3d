package main

import (
	"reflect"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
)

func TestComplete(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	// A module, and an object whose methods live in its metatable's
	// __index table, as psutil and its Process objects are.
	err := L.DoString(`
		psutil = setmetatable({
			virtual_memory = function() end, version_info = {8, 0, 0},
			swap_memory = function() end, STATUS_RUNNING = "running",
			_private = 1,
		}, {__index = function(t, k) error("must not be called") end})
	`)
	if err != nil {
		t.Fatal(err)
	}
	methods := L.NewTable()
	methods.RawSetString("memory_info", L.NewFunction(func(*lua.LState) int { return 0 }))
	methods.RawSetString("memory_percent", L.NewFunction(func(*lua.LState) int { return 0 }))
	methods.RawSetString("name", L.NewFunction(func(*lua.LState) int { return 0 }))
	methods.RawSetString("pid", lua.LNumber(1))
	mt := L.NewTable()
	mt.RawSetString("__index", methods)
	p := L.NewUserData()
	L.SetMetatable(p, mt)
	L.SetGlobal("p", p)

	c := &completer{L: L}
	cases := []struct {
		name, line string
		pos        int // -1: the end of the line
		head       string
		want       []string
		tail       string
	}{
		{name: "module function", line: "psutil.vir", pos: -1, head: "psutil.", want: []string{"virtual_memory("}},
		{name: "in an expression", line: "x = psutil.vir", pos: -1, head: "x = psutil.", want: []string{"virtual_memory("}},
		{name: "before the cursor only", line: "psutil.vir + 1", pos: 10, head: "psutil.", want: []string{"virtual_memory("}, tail: " + 1"},
		{name: "all fields, private ones hidden", line: "psutil.", pos: -1, head: "psutil.",
			want: []string{"STATUS_RUNNING", "swap_memory(", "version_info", "virtual_memory("}},
		{name: "private fields when asked", line: "psutil._", pos: -1, head: "psutil.", want: []string{"_private"}},
		{name: "methods through the metatable", line: "p:mem", pos: -1, head: "p:", want: []string{"memory_info(", "memory_percent("}},
		{name: "methods only after a colon", line: "p:", pos: -1, head: "p:", want: []string{"memory_info(", "memory_percent(", "name("}},
		{name: "fields through the metatable", line: "p.p", pos: -1, head: "p.", want: []string{"pid"}},
		{name: "globals", line: "psu", pos: -1, head: "", want: []string{"psutil"}},
		{name: "globals and keywords", line: "x = pr", pos: -1, head: "x = ", want: []string{"print("}},
		{name: "keywords", line: "whi", pos: -1, head: "", want: []string{"while"}},
		{name: "nested tables", line: "string.up", pos: -1, head: "string.", want: []string{"upper("}},
		{name: "unknown table", line: "nosuch.x", pos: -1, head: "nosuch.x"},
		{name: "string methods", line: "psutil.STATUS_RUNNING:up", pos: -1, head: "psutil.STATUS_RUNNING:", want: []string{"upper("}},
		{name: "nothing to offer", line: "psutil.STATUS_RUNNING.x", pos: -1, head: "psutil.STATUS_RUNNING."},
		{name: "inside a string", line: `print("psutil.vir`, pos: -1, head: `print("psutil.vir`},
		{name: "a number", line: "x = 1.5", pos: -1, head: "x = 1.5"},
		{name: "the position counts runes", line: `s = "é" .. psutil.sw + 1`, pos: 20, head: `s = "é" .. psutil.`, want: []string{"swap_memory("}, tail: " + 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pos := tc.pos
			if pos < 0 {
				pos = len([]rune(tc.line))
			}
			head, got, tail := c.complete(tc.line, pos)
			if head != tc.head || !reflect.DeepEqual(got, tc.want) || tail != tc.tail {
				t.Errorf("complete(%q, %d) = %q, %q, %q; want %q, %q, %q", tc.line, pos, head, got, tail, tc.head, tc.want, tc.tail)
			}
		})
	}
}

// Completion after calls of psutil's reading functions and Process
// getters, with the real module; methods after "." become ":".
func TestCompleteCalls(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	bindings.Preload(L)
	if err := L.DoString(`psutil = require("psutil"); p = psutil.Process(); calls = 0
		counted = setmetatable({}, {__index = function() calls = calls + 1 end})
		function counted.f() calls = calls + 1 return {x = 1} end`); err != nil {
		t.Fatal(err)
	}
	call := func(fn lua.LValue) (lua.LValue, bool) {
		if err := L.CallByParam(lua.P{Fn: fn, NRet: 1, Protect: true}); err != nil {
			return nil, false
		}
		v := L.Get(-1)
		L.Pop(1)
		return v, true
	}
	c := &completer{L: L, call: call}
	defer func() {
		// A function a script put in the place of a reading one is not one.
		if err := L.DoString(`psutil.swap_memory = function() calls = calls + 1 return {x = 1} end`); err != nil {
			t.Fatal(err)
		}
		if _, got, _ := c.complete("psutil.swap_memory().x", 22); got != nil || L.GetGlobal("calls") != lua.LNumber(0) {
			t.Errorf("completion called a function put in psutil's place: %q, %v calls", got, L.GetGlobal("calls"))
		}
	}()
	cases := []struct {
		line, head string
		want       []string
	}{
		{"psutil.swap_memory().fr", "psutil.swap_memory().", []string{"free"}},
		{"x = psutil.virtual_memory().av", "x = psutil.virtual_memory().", []string{"available"}},
		{"psutil.Process():memory_info().r", "psutil.Process():memory_info().", []string{"rss"}},
		{"p:memory_info().v", "p:memory_info().", []string{"vms"}},
		{"p.na", "p", []string{":name("}},
		{"p.p", "p", []string{".pid", ":page_faults(", ":parent(", ":parents(", ":ppid("}},
		{"p.i", "p", []string{".info", ":io_counters(", ":ionice(", ":is_running("}},
		// Not called: functions outside psutil's reading ones, with
		// arguments, or that keep state for the caller.
		{"counted.f().x", "counted.f().x", nil},
		{"psutil.cpu_percent().x", "psutil.cpu_percent().x", nil},
		{"psutil.disk_usage('/').t", "psutil.disk_usage('/').t", nil},
		{"p:cpu_percent().x", "p:cpu_percent().x", nil},
		{"p:kill().x", "p:kill().x", nil},
		{"p:name.x", "p:name.x", nil},
	}
	for _, tc := range cases {
		head, got, _ := c.complete(tc.line, len([]rune(tc.line)))
		if head != tc.head || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("complete(%q) = %q, %q; want %q, %q", tc.line, head, got, tc.head, tc.want)
		}
	}
	if n := L.GetGlobal("calls"); n != lua.LNumber(0) {
		t.Errorf("completion called a function it must not call (%v calls)", n)
	}
}
