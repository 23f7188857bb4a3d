//go:build linux

package bindings

import (
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// A Popen's pipes under psutil.PIPE are file-like objects; a string
// command runs through the shell with shell = true.
func TestPopenPipesAsFiles(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.LiveFS())).Loader)
	err := L.DoString(`
		local psutil = require("psutil")
		local c = psutil.Popen("read x; echo got $x; echo oops >&2; exit 4",
			{shell = true, stdin = psutil.PIPE, stdout = psutil.PIPE, stderr = psutil.PIPE})
		assert(tostring(c.stdin) == "psutil.pipe (stdin, open)", tostring(c.stdin))
		assert(c.stdin:write("it", "\n") == c.stdin)
		c.stdin:close()
		assert(tostring(c.stdin) == "psutil.pipe (stdin, closed)")
		assert(not pcall(c.stdin.write, c.stdin, "x"), "writing a closed pipe")
		assert(c.stdout:read("*L") == "got it\n")
		local ok, e = pcall(c.stdout.write, c.stdout, "x")
		assert(not ok and e:find("stdout is not writable", 1, true), e)
		local out, errout = c:communicate(nil, 5)
		assert(out == "" and errout == "oops\n", tostring(out) .. "|" .. tostring(errout))
		assert(c.returncode == 4)
		local ok2, e2 = pcall(c.stdout.read)
		assert(not ok2 and e2:find("bad argument #1 to 'read'", 1, true), e2)
		local d = psutil.Popen({"true"}, {stdout = psutil.DEVNULL})
		assert(d.stdout == nil and d.stdin == nil and d:wait(5) == 0)
	`)
	if err != nil {
		t.Fatal(err)
	}
}

// The first cpu_percent() without an interval compares with the sample
// taken when the module loaded.
func TestCPUPercentSampleAtLoad(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.LiveFS())).Loader)
	err := L.DoString(`
		local psutil = require("psutil")
		local t0 = os.clock()
		while os.clock() - t0 < 0.2 do end
		local busy = 0
		for _, v in ipairs(psutil.cpu_percent(nil, true)) do busy = busy + v end
		assert(busy > 0, "the first cpu_percent compares with the load-time sample")
		local ct = psutil.cpu_times_percent()
		assert(ct.user + ct.system > 0, "so does the first cpu_times_percent")
	`)
	if err != nil {
		t.Fatal(err)
	}
}
