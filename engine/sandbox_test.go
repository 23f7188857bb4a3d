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
		{"io.open for writing", `io.open("` + dir + `/x", "w")`, `io.open in mode "w" is blocked`},
		{"io.open for appending", `io.open("` + dir + `/x", "a+")`, `io.open in mode "a+" is blocked`},
		{"io.open read-write", `io.open("` + dir + `/x", "r+")`, `io.open in mode "r+" is blocked`},
		{"io.output to a file", `io.output("` + dir + `/x")`, "io.output is blocked"},
		{"io.tmpfile", `io.tmpfile()`, "io.tmpfile is blocked"},
		{"io.read from stdin", `io.read()`, "io.read is blocked"},
		{"io.lines on stdin", `io.lines()`, "bad argument #1"},
		{"os.remove", `os.remove("/etc/hostname")`, "os.remove is blocked"},
		{"os.rename", `os.rename("/etc/hostname", "/tmp/x")`, "os.rename is blocked"},
		{"os.tmpname", `os.tmpname()`, "os.tmpname is blocked"},
		{"os.getenv", `os.getenv("HOME")`, "os.getenv is blocked"},
		{"os.setenv", `os.setenv("X", "1")`, "os.setenv is blocked"},
		{"dofile", `dofile("/etc/hostname")`, "dofile (loading code from disk) is blocked"},
		{"loadfile", `loadfile("/etc/hostname")`, "loadfile (loading code from disk) is blocked"},
		{"require of a file", `package.path = "` + dir + `/?.lua"; require("evil")`, "module evil not found"},
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
		{"file metatable", `local f = io.open("/etc/hostname"); getmetatable(f).__index = nil`, "attempt to index"},
		{"writing through a read handle", `local f = io.open("/etc/hostname"); assert(f:write("x")); f:flush()`, "opened for only reading"},
		{"pcall around os.execute", `local ok, e = pcall(os.execute, "id"); error(e, 0)`, "os.execute is blocked"},
		{"getfenv then os.execute", `getfenv(0).os.execute("id")`, "os.execute is blocked"},
		{"setfenv to reach the real os", `setfenv(1, setmetatable({}, {__index = getfenv(0)})); os.execute("id")`, "os.execute is blocked"},
		{"coroutine around os.execute", `local co = coroutine.create(function() os.execute("id") end); local ok, e = coroutine.resume(co); error(e, 0)`, "os.execute is blocked"},
		{"error object with __tostring", `error(setmetatable({}, {__tostring = function() return os.execute("id") end}))`, "error object is a table value"},
		{"load of a binary chunk", `assert(load("\27Lua"))`, "<string>"},
		{"loadstring then execute", `loadstring("os.execute('id')")()`, "os.execute is blocked"},
		{"rawget on os", `rawget(os, "execute")("id")`, "os.execute is blocked"},
		{"os.exit does not end the program", `os.exit(3)`, "os.exit(3)"},
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
