package bindings

import (
	"fmt"
	"syscall"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// TestErrorValues raises each platform error through raise() and checks
// what a script sees: class, hierarchy, fields and message.
func TestErrorValues(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.LiveFS())).Loader)
	errs := map[string]error{
		"nsp":     &platform.NoSuchProcess{Pid: 42, Name: "sleep", Err: syscall.ESRCH},
		"zombie":  &platform.ZombieProcess{NoSuchProcess: platform.NoSuchProcess{Pid: 43, Name: "z"}, Ppid: 1},
		"ad":      &platform.AccessDenied{Pid: 1, Name: "systemd", Err: syscall.EPERM},
		"te":      &platform.TimeoutExpired{Seconds: 0.5, Pid: 44},
		"wrapped": fmt.Errorf("reading: %w", &platform.NoSuchProcess{Pid: 45}),
		"ni":      &platform.NotImplementedError{Func: "cpu_freq", GOOS: "plan9"},
	}
	L.SetGlobal("raise", L.NewFunction(func(L *lua.LState) int {
		raise(L, "test_fn", errs[L.CheckString(1)])
		return 0
	}))
	err := L.DoString(`
		local psutil = require("psutil")
		local function caught(kind)
			local ok, e = pcall(raise, kind)
			assert(not ok)
			return e
		end
		local e = caught("nsp")
		assert(psutil.iserror(e) and psutil.iserror(e, psutil.NoSuchProcess) and psutil.iserror(e, psutil.Error))
		assert(not psutil.iserror(e, psutil.ZombieProcess) and not psutil.iserror(e, psutil.AccessDenied))
		assert(e.pid == 42 and e.name == "sleep")
		assert(tostring(e) == "psutil.NoSuchProcess: process no longer exists (pid=42, name='sleep')", tostring(e))

		local z = caught("zombie")
		assert(psutil.iserror(z, psutil.ZombieProcess) and psutil.iserror(z, psutil.NoSuchProcess))
		assert(z.pid == 43 and z.ppid == 1 and z.name == "z")
		assert(tostring(z) == "psutil.ZombieProcess: PID still exists but it's a zombie (pid=43, ppid=1, name='z')", tostring(z))

		local a = caught("ad")
		assert(psutil.iserror(a, psutil.AccessDenied) and not psutil.iserror(a, psutil.NoSuchProcess))
		assert(tostring(a) == "psutil.AccessDenied: (pid=1, name='systemd')", tostring(a))

		local te = caught("te")
		assert(psutil.iserror(te, psutil.TimeoutExpired) and te.seconds == 0.5 and te.pid == 44)
		assert(tostring(te) == "psutil.TimeoutExpired: timeout after 0.5 seconds (pid=44)", tostring(te))

		local w = caught("wrapped")
		assert(psutil.iserror(w, psutil.NoSuchProcess) and w.pid == 45, "wrapped errors keep their class")

		local ni = caught("ni")
		assert(type(ni) == "string" and ni:find("psutil.cpu_freq is not implemented on plan9", 1, true), ni)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// psutil.iserror(err, A, B) is Python's except (A, B); an error value
// works where a string does; argument errors name iserror.
func TestErrorValuesAsStrings(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.LiveFS())).Loader)
	L.SetGlobal("raise", L.NewFunction(func(L *lua.LState) int {
		raise(L, "test_fn", &platform.AccessDenied{Pid: 1, Name: "systemd"})
		return 0
	}))
	err := L.DoString(`
		local psutil = require("psutil")
		local ok, e = pcall(raise)
		assert(psutil.iserror(e, psutil.NoSuchProcess, psutil.AccessDenied), "one of several classes")
		assert(psutil.iserror(e, psutil.TimeoutExpired, psutil.Error))
		assert(not psutil.iserror(e, psutil.NoSuchProcess, psutil.TimeoutExpired))
		assert(not psutil.iserror("text", psutil.AccessDenied, psutil.Error))
		local s = "failed: " .. e
		assert(s == "failed: psutil.AccessDenied: (pid=1, name='systemd')", s)
		assert(e .. "!" == tostring(e) .. "!" and 1 .. e == "1" .. tostring(e))
		assert(not pcall(function() return e .. {} end), "concatenating a table still fails")
		local ok2, msg = pcall(psutil.iserror, e, psutil.AccessDenied, "AccessDenied")
		assert(not ok2 and msg:find("bad argument #3 to 'iserror' (psutil error class expected, got string)", 1, true), msg)
	`)
	if err != nil {
		t.Fatal(err)
	}
}
