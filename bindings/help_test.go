package bindings

import (
	"bytes"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// helpState is a state with psutil as a global and help and dir
// writing to out.
func helpState(t *testing.T, out *bytes.Buffer) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	Preload(L)
	OpenHelp(L, out, "the overview")
	if err := L.DoString(`psutil = require("psutil")`); err != nil {
		t.Fatal(err)
	}
	return L
}

// TestHelp: help(x) prints the entry of what x is, whether x is a name, a
// function, a method, a value or a class; what has no entry says so.
func TestHelp(t *testing.T) {
	cases := []struct {
		expr string
		want string // the start of what help prints
	}{
		{"", "the overview"},
		{"psutil", "psutil\n"},
		{"psutil.cpu_percent", "psutil.cpu_percent(interval, percpu)\n"},
		{`"cpu_percent"`, "psutil.cpu_percent(interval, percpu)\n"},
		{"psutil.process_iter", "psutil.process_iter(attrs, ad_value)\n"},
		{"psutil.process_iter.cache_clear", "psutil.process_iter.cache_clear()\n"},
		{"psutil.Process", "psutil.Process(pid) / psutil.Process.attrs\n"},
		{"psutil.Process()", "psutil.Process(pid) / psutil.Process.attrs\n"},
		{"psutil.Process().memory_info", "Process:memory_info()\n"},
		{`"Process:memory_info"`, "Process:memory_info()\n"},
		{`"psutil.Process.memory_info"`, "Process:memory_info()\n"},
		{"psutil.virtual_memory()", "svmem\n"},
		{"psutil.Process():memory_info()", "pmem\n"},
		{"psutil.cpu_times(true)[1]", "scputimes\n"},
		{"psutil.NoSuchProcess", "psutil.NoSuchProcess\n"},
		{"select(2, pcall(psutil.Process, 99999999))", "psutil.NoSuchProcess\n"},
		{"psutil.ConnectionStatus", "psutil.CONN_* / psutil.ConnectionStatus\n"},
		{`"CONN_*"`, "psutil.CONN_* / psutil.ConnectionStatus\n"},
		{`"RLIMIT_NOFILE"`, "psutil.RLIMIT_* / psutil.RLIM_INFINITY / psutil.ProcessRlimit\n"},
		{"psutil.RLIMIT_NOFILE", "help(7): a number is a value, not a name"},
		{"psutil.LINUX", "help(true): a boolean is a value, not a name"},
		{"nil", "help(nil): there is nothing to describe"},
		{`"cpu_percnt"`, `help: no entry for "cpu_percnt". Did you mean: psutil.cpu_percent, Process:cpu_percent?`},
		{"print", "help: this function has no entry"},
		{"{}", "help: this table has no entry"},
	}
	for _, c := range cases {
		var out bytes.Buffer
		L := helpState(t, &out)
		if err := L.DoString("help(" + c.expr + ")"); err != nil {
			t.Errorf("help(%s): %v", c.expr, err)
			continue
		}
		if got := out.String(); !strings.HasPrefix(got, c.want) {
			t.Errorf("help(%s) printed:\n%s\nwant it to start with:\n%s", c.expr, got, c.want)
		}
	}
}

// TestHelpPopen: a Popen, its own methods and its pipes have entries.
func TestHelpPopen(t *testing.T) {
	var out bytes.Buffer
	L := helpState(t, &out)
	err := L.DoString(`
		local c = psutil.Popen({"true"}, {stdout = psutil.PIPE})
		help(c) help(c.poll) help(c.communicate) help(c.stdout) help(c.wait)
		c:wait()`)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"psutil.Popen(args,", "\nPopen:poll()\n", "\nPopen:communicate(input, timeout)\n", "\npsutil.pipe\n", "\nProcess:wait(timeout)\n"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in:\n%s", want, out.String())
		}
	}
}

func TestDir(t *testing.T) {
	cases := []struct {
		expr string
		want string // the list, joined by spaces
	}{
		{"psutil.swap_memory()", "free percent sin sout total used"},
		{"psutil.Process():num_ctx_switches()", "involuntary voluntary"},
		{"{b = 1, a = 2, 3}", "a b"},
		{"setmetatable({x = 1}, {__index = {m = 1, __index = 2}})", "m x"},
		{`"s"`, "byte char dump find format gfind gmatch gsub len lower match rep reverse sub upper"},
		{"5", ""},
	}
	for _, c := range cases {
		var out bytes.Buffer
		L := helpState(t, &out)
		if err := L.DoString("names = table.concat(dir(" + c.expr + "), ' ')"); err != nil {
			t.Errorf("dir(%s): %v", c.expr, err)
			continue
		}
		if got := L.GetGlobal("names").String(); got != c.want {
			t.Errorf("dir(%s) = %q, want %q", c.expr, got, c.want)
		}
	}

	// Containment, for the long lists.
	var out bytes.Buffer
	L := helpState(t, &out)
	err := L.DoString(`
		local function has(list, ...)
			local set = {}
			for _, n in ipairs(list) do set[n] = true end
			for _, n in ipairs({...}) do assert(set[n], n .. " missing") end
			for i = 2, #list do assert(list[i - 1] < list[i], "not sorted") end
		end
		has(dir(psutil), "cpu_percent", "Process", "CONN_LISTEN", "NoSuchProcess", "PROCFS_PATH", "__version__")
		has(dir(psutil.Process()), "pid", "info", "name", "memory_info", "oneshot", "wait")
		local c = psutil.Popen({"true"}, {stdout = psutil.PIPE})
		has(dir(c), "pid", "poll", "communicate", "args", "stdout", "returncode", "name")
		has(dir(c.stdout), "close", "lines", "read")
		c:wait()
		has(dir(), "psutil", "help", "dir", "print")
	`)
	if err != nil {
		t.Error(err)
	}
}

// What a script grows without bound is refused quickly: a name longer than
// any, a table with more names than dir lists.
func TestHelpAndDirBounds(t *testing.T) {
	var out bytes.Buffer
	L := helpState(t, &out)
	if err := L.DoString(`help(string.rep("a", 1e6))`); err != nil {
		t.Fatal(err)
	}
	if want := "help: no entry for a name of 1000000 bytes."; !strings.Contains(out.String(), want) {
		t.Errorf("help of a long name printed %q, want %q", out.String(), want)
	}
	// A userdata's __name is a name too (it was quoted whole, and looked
	// up: 60 MB took 10 s).
	out.Reset()
	if err := L.DoString(`local u = newproxy(true) getmetatable(u).__name = string.rep("\0", 1e6) help(u)`); err != nil {
		t.Fatal(err)
	}
	if want := "help: no entry for a name of 1000000 bytes."; !strings.Contains(out.String(), want) {
		t.Errorf("help of a userdata with a long __name printed %.200q, want %q", out.String(), want)
	}
	err := L.DoString(`local t = {} for i = 1, 100001 do t["k" .. i] = i end dir(t)`)
	if err == nil || !strings.Contains(err.Error(), "dir: 100001 names, more than the 100000 dir lists") {
		t.Errorf("dir of 100001 names: %v", err)
	}
}

// help of an unnamed value looks through each table once: one large table
// stored under 30,000 names of psutil took 14 s.
func TestHelpSearchIsBounded(t *testing.T) {
	var out bytes.Buffer
	L := helpState(t, &out)
	start := time.Now()
	if err := L.DoString(`local B = {} for i = 1, 3e4 do B[i] = i end for i = 1, 3e4 do psutil["k" .. i] = B end help(function() end)`); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("took %v", took)
	}
}
