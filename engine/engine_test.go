package engine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/platform"
)

func TestCallConvertsValues(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	err := h.RunString(context.Background(), `
		rules = {}
		function rules.check(limit, names, opts)
			return limit * 2, #names, opts.verbose, {a = 1, list = {"x", "y"}}
		end
		function vm() return require("psutil").virtual_memory() end
	`)
	if err != nil {
		t.Fatal(err)
	}
	got, err := h.Call(context.Background(), "rules.check", 21, []string{"a", "b", "c"}, map[string]any{"verbose": true})
	if err != nil {
		t.Fatal(err)
	}
	want := []any{42.0, 3.0, true, map[string]any{"a": 1.0, "list": []any{"x", "y"}}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %#v\nwant %#v", got, want)
	}
	res, err := h.Call(context.Background(), "vm")
	if err != nil {
		t.Fatal(err)
	}
	m, ok := res[0].(map[string]any)
	if !ok || m["total"].(float64) <= 0 || len(m) != 11 {
		t.Fatalf("a named tuple comes back as a map of its 11 fields: %#v", res[0])
	}
	if _, err := h.Call(context.Background(), "nosuch"); err == nil {
		t.Fatal("calling a missing function must fail")
	}
}

func TestErrorsCarryPositionAndType(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	err := h.RunChunk(context.Background(), "local x = 1\nerror('boom')", "rules.lua")
	var le *Error
	if !errors.As(err, &le) || le.File != "rules.lua" || le.Line != 2 || !strings.Contains(le.Traceback, "stack traceback") {
		t.Fatalf("got %#v", err)
	}
	// A psutil error raised in Lua unwraps to the platform's typed error.
	h.Register("gone", func(L *lua.LState) int {
		L.Error(mustErrorValue(L, &platform.NoSuchProcess{Pid: 4242}), 1)
		return 0
	})
	err = h.RunChunk(context.Background(), "\n\ngone()", "rules.lua")
	var nsp *platform.NoSuchProcess
	if !errors.As(err, &nsp) || nsp.Pid != 4242 {
		t.Fatalf("errors.As to *platform.NoSuchProcess failed on %v", err)
	}
	if !errors.As(err, &le) || le.Line != 3 || le.Message != "psutil.NoSuchProcess: process no longer exists (pid=4242)" {
		t.Fatalf("got %#v", le)
	}
	// Syntax errors say where.
	err = h.RunChunk(context.Background(), "x = = 1", "bad.lua")
	if !errors.As(err, &le) || le.File != "bad.lua" || le.Line != 1 {
		t.Fatalf("syntax error: %#v", err)
	}
}

// mustErrorValue is the Lua value of a psutil error, as a binding raises it.
func mustErrorValue(L *lua.LState, err error) lua.LValue { return bindings.ErrorValue(L, err) }

func TestRegisterFuncAndModule(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Stdout: &out})
	defer h.Close()
	h.RegisterFunc("add", func(args ...any) ([]any, error) {
		if len(args) != 2 {
			return nil, fmt.Errorf("want 2 numbers")
		}
		return []any{args[0].(float64) + args[1].(float64)}, nil
	})
	h.RegisterModule("greet", map[string]lua.LGFunction{
		"hello": func(L *lua.LState) int { L.Push(lua.LString("hello " + L.CheckString(1))); return 1 },
	})
	if err := h.RunString(context.Background(), `print(add(1, 2), require("greet").hello("go"))`); err != nil {
		t.Fatal(err)
	}
	if out.String() != "3\thello go\n" {
		t.Fatalf("output %q", out.String())
	}
	if err := h.RunString(context.Background(), `add(1)`); err == nil || !strings.Contains(err.Error(), "add: want 2 numbers") {
		t.Fatalf("got %v", err)
	}
}

// TestPoolConcurrent: 64 goroutines share a pool of 8 hosts; each use sees
// a clean host, whatever the previous user did to its globals.
func TestPoolConcurrent(t *testing.T) {
	p := NewPool(Options{Sandbox: ReadOnly(), Stdout: &bytes.Buffer{}}, 8)
	defer p.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := 0; i < 64; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				err := p.Do(context.Background(), func(h *Host) error {
					if err := h.RunString(context.Background(), `
						assert(leftover == nil, "a global leaked from the previous use")
						assert(string.upper == string.upper and string.shout == nil, "a library change leaked")
						assert(package.loaded.mine == nil, "a module leaked")
						leftover = 1
						string.shout = string.upper
						package.loaded.mine = {}
						print = nil
					`); err != nil {
						return err
					}
					res, err := h.Call(context.Background(), "tostring", i)
					if err != nil {
						return err
					}
					if res[0] != fmt.Sprint(i) {
						return fmt.Errorf("got %v", res[0])
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// os.clock is processor time, as C's clock() and so Lua 5.1's, not the
// wall time gopher-lua's counts: it reads what the process has used, and a
// sleep of the host does not advance it.
func TestOsClockIsProcessorTime(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	ctx := context.Background()
	clock := func() float64 {
		got, err := h.Call(ctx, "os.clock")
		if err != nil {
			t.Fatal(err)
		}
		return got[0].(float64)
	}
	lo := processorTime().Seconds()
	c0 := clock()
	hi := processorTime().Seconds()
	if c0 < lo || c0 > hi {
		t.Fatalf("os.clock() = %.4f, outside the process's processor time %.4f to %.4f", c0, lo, hi)
	}
	time.Sleep(300 * time.Millisecond)
	used := processorTime().Seconds() - hi
	if d := clock() - c0; used < 0.1 && d > 0.2 {
		t.Fatalf("os.clock advanced %.3f s over a 0.3 s sleep that used %.3f s of processor time", d, used)
	}
}

// TestErrorValueSeesItsUpvalues: an error value's __tostring, called once
// the run has failed, reads the upvalues its function had (the run's
// frames are unwound: their upvalues are closed first).
func TestErrorValueSeesItsUpvalues(t *testing.T) {
	h := New(Options{Stdout: &bytes.Buffer{}, Timeout: time.Minute})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local function g() return "y" end
		local t = {1, 2, 3}
		local function f()
			error(setmetatable({}, {__tostring = function() return "got " .. g() .. #t end}))
		end
		f()`)
	if err == nil || !strings.Contains(err.Error(), "got y3") {
		t.Fatalf("error %v, want its __tostring's %q", err, "got y3")
	}
}
