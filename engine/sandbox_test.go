package engine

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
)

func sandboxHost(t *testing.T) (*Host, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	h := New(Options{Stdout: &out, Sandbox: ReadOnly()})
	t.Cleanup(h.Close)
	return h, &out
}

// TestSandboxAllowsReads: everything that reads works in the sandbox.
func TestSandboxAllowsReads(t *testing.T) {
	h, out := sandboxHost(t)
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		local calls = {
			{psutil.cpu_times}, {psutil.cpu_times, true}, {psutil.cpu_percent, 0.05}, {psutil.cpu_times_percent, 0.05},
			{psutil.cpu_count}, {psutil.cpu_stats}, {psutil.cpu_freq}, {psutil.getloadavg},
			{psutil.virtual_memory}, {psutil.swap_memory}, {psutil.disk_partitions}, {psutil.disk_usage, "/"},
			{psutil.disk_io_counters, true}, {psutil.net_io_counters, true}, {psutil.net_if_addrs}, {psutil.net_if_stats},
			{psutil.sensors_temperatures}, {psutil.sensors_fans}, {psutil.sensors_battery}, {psutil.boot_time},
			{psutil.users}, {psutil.pids}, {psutil.net_connections, "all"},
		}
		for i, c in ipairs(calls) do c[1](unpack(c, 2)) end
		local n = 0
		for p in psutil.process_iter(nil) do n = n + 1 end
		for p in psutil.process_iter({}, "denied") do
			assert(p.info.pid == p.pid)
		end
		local me = psutil.Process()
		local d = me:as_dict()
		assert(d.name and d.memory_info and d.cpu_times and d.num_threads)
		me:oneshot(function() return me:name(), me:ppid(), me:nice(), me:rlimit(psutil.RLIMIT_NOFILE), me:cpu_affinity(), me:ionice() end)
		local json, humanize = require("json"), require("humanize")
		print(n > 1, humanize.bytes2human(1024), json.encode({1, 2}))
	`)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "true\t1.0K\t[1,2]\n" {
		t.Fatalf("output %q", out.String())
	}
}

// TestSandboxEscapes tries to get out of the read-only sandbox in as many
// ways as we know; each attempt must fail with an error naming what was
// blocked (or, for attempts that cannot name anything, just fail).
func TestSandboxEscapes(t *testing.T) {
	dir := t.TempDir()
	attempts := []struct {
		name, src, want string
	}{
		{"os.execute", `os.execute("touch ` + dir + `/x")`, "os.execute is blocked"},
		{"io.popen", `io.popen("id")`, "io.popen is blocked"},
		{"io.open for writing", `io.open("` + dir + `/x", "w")`, `io.open is blocked`},
		{"io.open for reading", `io.open("/etc/hostname")`, `io.open is blocked`},
		{"io.output to a file", `io.output("` + dir + `/x")`, "io.output is blocked"},
		{"io.tmpfile", `io.tmpfile()`, "io.tmpfile is blocked"},
		{"io.read from stdin", `io.read()`, "io.read is blocked"},
		{"io.lines on stdin", `io.lines()`, "io.lines is blocked"},
		{"os.remove", `os.remove("/etc/hostname")`, "os.remove is blocked"},
		{"os.rename", `os.rename("/etc/hostname", "/tmp/x")`, "os.rename is blocked"},
		{"os.tmpname", `os.tmpname()`, "os.tmpname is blocked"},
		{"os.getenv", `os.getenv("HOME")`, "os.getenv is blocked"},
		{"os.setenv", `os.setenv("X", "1")`, "os.setenv is blocked"},
		{"dofile", `dofile("/etc/hostname")`, "dofile (loading code from disk) is blocked"},
		{"loadfile", `loadfile("/etc/hostname")`, "loadfile (loading code from disk) is blocked"},
		{"require of a file", `package.path = "` + dir + `/?.lua"; require("evil")`, "module 'evil' not found:\n\tno field package.preload['evil']\n\tno file searched: loading modules from disk is blocked by the sandbox"},
		{"package.loadlib", `package.loadlib("libc.so.6", "system")`, "package.loadlib is blocked"},
		{"string.dump", `string.dump(print)`, "string.dump is blocked"},
		{"string.dump via a method", `local f = function() end; ("").dump(f)`, "string.dump is blocked"},
		{"debug library", `debug.getregistry()`, "attempt to index"},
		{"debug via package.loaded", `package.loaded.debug.getregistry()`, "attempt to index"},
		{"channel library", `channel.make()`, "attempt to index"},
		{"PROCFS_PATH", `require("psutil").PROCFS_PATH = "/tmp"`, "setting psutil.PROCFS_PATH is blocked"},
		{"psutil metatable", `local mt = getmetatable(require("psutil")); mt.__newindex(require("psutil"), "PROCFS_PATH", "/tmp")`, "attempt to call"},
		{"tuple metatable", `local mt = getmetatable(require("psutil").cpu_times()); mt.__index = nil`, "attempt to index"},
		{"setmetatable on psutil", `setmetatable(require("psutil"), {})`, "cannot change a protected metatable"},
		{"string metatable", `getmetatable("").__index = {}`, "attempt to index"},
		{"stdout metatable", `getmetatable(io.stdout).__index = nil`, "attempt to index"},
		{"psutil error hierarchy", `psutil = require("psutil"); psutil.Error.__parent = psutil.NoSuchProcess`, "psutil.Error is read-only"},
		// gsub refuses its result past the limit as it builds it, unless the
		// heap watcher, which sees the builder's spare capacity, stops it first.
		{"gsub bomb", `string.gsub(string.rep("a", 2^13), ".", string.rep("x", 2^20))`, "memory limit"},
		{"gsub bomb with a table", `local big = string.rep("x", 2^24) string.gsub(string.rep("a", 2^10), ".", {a = big})`, "memory limit"},
		{"format width bomb", `string.format("%0999999999d", 1)`, "invalid format (width or precision too long)"},
		{"rep bomb without a memory option", `string.rep(("x"):rep(32), 2^31 - 1)`, "string.rep: result of 68719476704 bytes exceeds the memory limit"},
		{"pcall around os.execute", `local ok, e = pcall(os.execute, "id"); error(e, 0)`, "os.execute is blocked"},
		{"getfenv then os.execute", `getfenv(0).os.execute("id")`, "os.execute is blocked"},
		{"setfenv to reach the real os", `setfenv(1, setmetatable({}, {__index = getfenv(0)})); os.execute("id")`, "os.execute is blocked"},
		{"coroutine around os.execute", `local co = coroutine.create(function() os.execute("id") end); local ok, e = coroutine.resume(co); error(e, 0)`, "os.execute is blocked"},
		{"error object with __tostring", `error(setmetatable({}, {__tostring = function() return os.execute("id") end}))`, "error object is a table value"},
		{"load of a binary chunk", `assert(load("\27Lua"))`, "<string>"},
		{"loadstring then execute", `loadstring("os.execute('id')")()`, "os.execute is blocked"},
		{"rawget on os", `rawget(os, "execute")("id")`, "os.execute is blocked"},
		{"os.exit does not end the program", `os.exit(3)`, "os.exit(3)"},
		{"kill", `require("psutil").Process(1):kill()`, "kill is blocked"},
		{"terminate", `require("psutil").Process(1):terminate()`, "terminate is blocked"},
		{"suspend", `require("psutil").Process():suspend()`, "suspend is blocked"},
		{"resume", `require("psutil").Process():resume()`, "resume is blocked"},
		{"send_signal", `require("psutil").Process(1):send_signal(9)`, "send_signal is blocked"},
		{"wait on another process", `require("psutil").Process(1):wait(0)`, "wait on another process is blocked"},
		{"wait_procs", `local p = require("psutil") p.wait_procs({p.Process(1)}, 0)`, "wait_procs is blocked"},
		{"setting nice", `require("psutil").Process():nice(10)`, "setting nice is blocked"},
		{"setting ionice", `local p = require("psutil") p.Process():ionice(p.IOPRIO_CLASS_IDLE)`, "setting ionice is blocked"},
		{"setting rlimit", `local p = require("psutil") p.Process():rlimit(p.RLIMIT_NOFILE, {10, 10})`, "setting rlimit is blocked"},
		{"setting cpu_affinity", `require("psutil").Process():cpu_affinity({0})`, "setting cpu_affinity is blocked"},
		{"Popen", `require("psutil").Popen({"id"})`, "Popen is blocked"},
		{"the host's environment via environ()", `require("psutil").Process():environ()`, "the host's environment is hidden by the sandbox"},
		{"the host's environment via as_dict", `local d = require("psutil").Process():as_dict({"environ"}, "denied") error(tostring(d.environ), 0)`, "denied"},
		{"the host's environment via its threads", `local psutil = require("psutil")
			local n = 0
			for _, th in ipairs(psutil.Process():threads()) do
				if pcall(function() return psutil.Process(th.id):environ() end) then error("read the environment of thread " .. th.id, 0) end
				n = n + 1
			end
			error(n > 1 and "hidden for every thread" or "only one thread", 0)`, "hidden for every thread"},
		{"the host's environment via process_iter", `local psutil = require("psutil") for p in psutil.process_iter({"environ"}, "denied") do if p.pid == psutil.Process().pid then error(tostring(p.info.environ) .. " " .. tostring(p:environ()), 0) end end`, "the host's environment is hidden"},
		{"pcall around kill", `local ok, e = pcall(function() require("psutil").Process(1):kill() end) error(e, 0)`, "kill is blocked"},
	}
	if len(attempts) < 30 {
		t.Fatalf("the escape suite must have at least 30 attempts, has %d", len(attempts))
	}
	for _, a := range attempts {
		t.Run(a.name, func(t *testing.T) {
			h, _ := sandboxHost(t)
			err := h.RunString(context.Background(), a.src)
			if err == nil {
				t.Fatalf("%s: no error", a.src)
			}
			if !strings.Contains(err.Error(), a.want) {
				t.Fatalf("%s: error %q lacks %q", a.src, err, a.want)
			}
		})
	}
	// Nothing was written.
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the sandbox wrote %v", entries)
	}
}

// TestSandboxHidesOtherProcesses: with Policy.HideOtherProcesses, no
// process's environment or command line reaches the script.
func TestSandboxHidesOtherProcesses(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Stdout: &out, Sandbox: &Policy{HideOtherProcesses: true}})
	defer h.Close()
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		local p = psutil.Process(1)
		print(pcall(p.cmdline, p))
		print(select(2, pcall(p.environ, p)).msg)
		local d = p:as_dict({"cmdline", "environ", "name"}, "denied")
		print(d.cmdline, d.environ, d.name ~= "denied")
		local n, hidden = 0, 0
		for q in psutil.process_iter({"cmdline", "environ"}, "denied") do
			n = n + 1
			if q.info.cmdline == "denied" and q.info.environ == "denied" then hidden = hidden + 1 end
		end
		print(n == hidden)`)
	if err != nil {
		t.Fatal(err)
	}
	want := "false\tpsutil.AccessDenied: the cmdline of processes is hidden by the sandbox (pid=1)\n" +
		"the environ of processes is hidden by the sandbox\n" +
		"denied\tdenied\ttrue\ntrue\n"
	if out.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", out.String(), want)
	}
}
