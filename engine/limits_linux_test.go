package engine

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psulua/psulua/bindings"
)

// memoryAttacks are scripts that allocate without bound, each in its own
// way, against the sandbox's memory ceiling.
var memoryAttacks = []struct{ name, src string }{
	{"string doubling", `local s = "x" while true do s = s .. s end`},
	{"string multiplied in one instruction", `local s = "x" while true do s = s .. s .. s .. s .. s .. s .. s .. s end`},
	{"table of strings", `local t, s = {}, ("x"):rep(2^20) for i = 1, 1e9 do t[i] = s .. i end`},
	{"table of tables", `local t = {} for i = 1, 1e9 do t[i] = {i, i, i, i} end`},
	{"suspended coroutines", `local t = {} for i = 1, 1e9 do t[i] = coroutine.create(function() coroutine.yield() end) coroutine.resume(t[i]) end`},
	{"suspended coroutines with deep stacks", `local t = {} for i = 1, 1e9 do t[i] = coroutine.create(function() local function r(n) if n == 0 then coroutine.yield() else return 1 + r(n - 1) end end r(7000) end) coroutine.resume(t[i]) end`},
	{"coroutines resumed inside each other", `local function f() local ok, err = coroutine.resume(coroutine.create(f)) if not ok then error(err, 0) end end while true do pcall(f) end`},
	{"unpack", `local t = {} while true do t[#t + 1] = {unpack({}, 1, 4e5)} end`},
	{"string.rep", `local t = {} while true do t[#t + 1] = ("x"):rep(2^27) end`},
	{"gsub", `local t, s = {}, ("x"):rep(2^20) while true do t[#t + 1] = s:gsub("x", "yy") end`},
	{"string.format %q", `local t = {} while true do t[#t + 1] = string.format("%q", ("\0"):rep(2^21)) end`},
	{"os.date", `local s = os.date(("%c"):rep(1e7))`},
	{"time.strftime", `local s = require("time").strftime(("%c"):rep(1e7))`},
	{"json.encode of one string many times", `local s, t = ("x"):rep(2^20), {} for i = 1, 1000 do t[i] = s end require("json").encode(t)`},
	{"json.encode of a table met many times", `local a = {} for i = 1, 30 do a = {a, a} end require("json").encode(a)`},
	{"json.decode", `local s = "[" .. ("0,"):rep(1e7) .. "0]" require("json").decode(s)`},
	{"a far table key", `local t = {} t[6e7] = 1`},
	{"far table keys", `local t = {} for i = 1, 1e9 do t[i] = {} t[i][1e6 + i] = i end`},
	// A script's strings and tables in Go calls that quote them in a
	// message or a repr, write them or read them in one go.
	{"repr of a tuple holding long strings", `local t, s = require("psutil").virtual_memory(), ("\0"):rep(2^22) for i = 1, 11 do rawset(t, i, s) end local r = tostring(t)`},
	{"repr of tuples holding tuples", `local p, t = require("psutil"), 0 for k = 1, 8 do local n = p.virtual_memory() for i = 1, 11 do rawset(n, i, t) end t = n end local r = tostring(t)`},
	{"a psutil error's long name", `local ok, e = pcall(require("psutil").Process, 999999) rawset(e, "name", ("\0"):rep(2^24)) local r = tostring(e)`},
	{"a long __name in an argument error", `pcall(require("psutil").Process, setmetatable({}, {__name = ("x"):rep(2^25)}))`},
	{"a long collectgarbage option", `pcall(collectgarbage, ("\0"):rep(2^24))`},
	{"a long colour name", `pcall(require("term").color, ("\0"):rep(2^24), "x")`},
	{"a long json option", `pcall(require("json").encode, {}, {[("\0"):rep(2^24)] = 1})`},
	{"a long json.array key", `local j = require("json") pcall(j.encode, j.array({[("\0"):rep(2^24)] = 1}))`},
	{"a long screen colour", `pcall(require("screen").run, {refresh = function() return {{text = "x", color = ("\0"):rep(2^24)}} end, iterations = 1})`},
	{"a long json number", `pcall(require("json").decode, ("9"):rep(2^25))`},
	{"long attribute names", `local s, a = ("x"):rep(2^25), {} for i = 1, 300 do a[i] = s:sub(i) end pcall(require("psutil").process_iter, a)`},
	{"many screen lines", `local l = {} for i = 1, 2e6 do l[i] = "x" end require("screen").run{refresh = function() return l end, iterations = 1}`},
	{"screen lines without end", `local b, l = ("x"):rep(2^16), {} for i = 1, 1e6 do l[i] = b end require("screen").run{refresh = function() return l end, delay = 0}`},
	{"print of many long strings", `local s, t = ("x"):rep(2^20), {} for i = 1, 7900 do t[i] = s end while true do print(unpack(t)) end`},
	{"table.foreach calling itself", `local D, layers = 9, {}
		for d = 1, D do layers[d] = {} for j = 1, 10 do layers[d][j] = {} end end
		for d = 1, D - 2 do for j = 1, 10 do for k = 1, 10 do layers[d][j][layers[d + 1][k]] = table.foreach end end end
		for j = 1, 10 do for k = 1, 10 do layers[D - 1][j][layers[D][k]] = table.insert end end
		for j = 1, 10 do layers[D][j][{}] = true end
		table.foreach(layers[1][1], table.foreach)`},
	{"a long string joined to a psutil error", `local ok, e = pcall(require("psutil").Process, 4000000) local r = ("x"):rep(3 * 2^24) .. e`},
	{"a psutil error's long msg", `local ok, e = pcall(require("psutil").Process, 4000000) e.msg = ("x"):rep(2^25) local r = tostring(e)`},
	{"module of a long name already loaded", `local s = ("."):rep(2^25) package.loaded[s] = {} module(s)`},
	{"json.encode of many number keys", `local t = {} for i = 1, 2e6 do t[i] = true end t.x = 1 require("json").encode(t)`},
	{"term.bold of a long text", `local term = require("term") term.use_color(true) local s = term.bold(("x"):rep(3 * 2^24))`},
	// dir (as the command line has it) takes some 60 ms for 100,000 names,
	// and runs no instruction as a __tostring.
	{"dir as the __tostring of many print arguments", `local big = {} for i = 1, 99990 do big["k" .. i] = true end
		local k, args = setmetatable({}, {__tostring = dir, __index = big}), {}
		for i = 1, 200 do args[i] = k end
		print(unpack(args))`},
	{"dir as the __tostring of many unknown options", `local big = {} for i = 1, 99990 do big["k" .. i] = true end
		local m, opts = {__tostring = dir, __index = big}, {}
		for i = 1, 200 do opts[setmetatable({}, m)] = true end
		require("psutil").cpu_percent(opts)`},
	{"dir as a sort's order function", `local big, a = {}, {} for i = 1, 99990 do big["k" .. i] = true end
		for i = 1, 200 do a[i] = big end
		table.sort(a, dir)`},
	{"dir as the __tostring of many string.format arguments", `local big = {} for i = 1, 99990 do big["k" .. i] = true end
		local k, args = setmetatable({}, {__tostring = dir, __index = big}), {}
		for i = 1, 200 do args[i] = k end
		string.format(("%s"):rep(200), unpack(args))`},
	{"dir as the __concat of a chain", `local t = {} for i = 1, 99990 do t["k" .. i] = true end setmetatable(t, {__concat = dir})
		local x = ` + strings.TrimSuffix(strings.Repeat("t .. ", 150), " .. ") + `
		`},
	{"table.maxn as the __index of gsub's replacement table", `local r = {} for i = 1, 99990 do r["k" .. i] = true end setmetatable(r, {__index = table.maxn})
		local s = ("a"):rep(5000):gsub("a", r)`},
	{"collectgarbage as load's reader", `local t = {} for i = 1, 2e5 do t[i] = {} end load(collectgarbage)`},
	{"json.encode failing under long keys", `local k = ("\127"):rep(4e6) local t = {[k] = print} for i = 1, 10 do t = {[k] = t} end require("json").encode(t)`},
}

const (
	attackCeiling = 64 << 20
	attackTimeout = 2 * time.Second
)

// TestMemoryAttacksStayUnderTheCeiling runs each attack in a child process
// (this test binary again) with a ceiling of 64 MiB and reads the child's
// peak resident memory (VmHWM): at most 1.5 times the ceiling, plus what
// the process held before the script ran; the script ends within half a
// second of its time limit.
func TestMemoryAttacksStayUnderTheCeiling(t *testing.T) {
	if name := os.Getenv("PSULUA_MEMORY_ATTACK"); name != "" {
		runMemoryAttack(name)
		return
	}
	if testing.Short() {
		t.Skip("runs a child process per attack")
	}
	if raceEnabled {
		t.Skip("the race detector multiplies resident memory")
	}
	for _, a := range memoryAttacks {
		t.Run(a.name, func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-test.run=^TestMemoryAttacksStayUnderTheCeiling$")
			cmd.Env = append(os.Environ(), "PSULUA_MEMORY_ATTACK="+a.name, "GOGC=")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%v\n%s%s", err, out, stderr.String())
			}
			var before, peak int64
			var took time.Duration
			var msg string
			for _, line := range strings.Split(string(out), "\n") {
				if k, v, ok := strings.Cut(line, "="); ok {
					switch k {
					case "before":
						before, _ = strconv.ParseInt(v, 10, 64)
					case "peak":
						peak, _ = strconv.ParseInt(v, 10, 64)
					case "took":
						took, _ = time.ParseDuration(v)
					case "error":
						msg = v
					}
				}
			}
			if peak == 0 || msg == "" {
				t.Fatalf("child printed %q", out)
			}
			t.Logf("peak %d MiB (%d MiB before the script), %v: %s", peak>>20, before>>20, took.Round(time.Millisecond), msg)
			if peak-before > attackCeiling*3/2 {
				t.Errorf("peak resident memory grew by %d MiB, more than 1.5 times the ceiling of %d MiB", (peak-before)>>20, attackCeiling>>20)
			}
			if took > attackTimeout+500*time.Millisecond {
				t.Errorf("stopped after %v, past the %v limit", took, attackTimeout)
			}
		})
	}
}

// slowWriter takes a millisecond for each megabyte written, as a pipe
// to a reader would.
type slowWriter struct{}

func (slowWriter) Write(p []byte) (int, error) {
	time.Sleep(time.Duration(len(p)>>20) * time.Millisecond)
	return len(p), nil
}

// runMemoryAttack is the child's side: it prints before=, peak=, took=
// and error= lines.
func runMemoryAttack(name string) {
	var src string
	for _, a := range memoryAttacks {
		if a.name == name {
			src = a.src
		}
	}
	h := New(Options{Sandbox: ReadOnly(), MemoryLimit: attackCeiling, Timeout: attackTimeout, Stdout: slowWriter{}})
	bindings.OpenHelp(h.L, io.Discard, "")
	before := vmHWM()
	start := time.Now()
	err := h.RunString(context.Background(), src)
	took := time.Since(start)
	fmt.Printf("before=%d\npeak=%d\ntook=%v\nerror=%v\n", before, vmHWM(), took, err)
	os.Exit(0)
}

// vmHWM is this process's peak resident memory, in bytes.
func vmHWM() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}
