package engine

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/psulua/psulua/platform"
)

// The limits FuzzRunString runs each input under, and what it checks: the
// run returns within fuzzGrace of the time limit, and the process's
// resident memory grows by at most 1.5 times the memory limit.
const (
	fuzzTimeout     = 100 * time.Millisecond
	fuzzMemoryLimit = 32 << 20
	fuzzGrace       = 500 * time.Millisecond
	fuzzMaxSource   = 16 << 10
	fuzzMaxRSS      = fuzzMemoryLimit * 3 / 2
)

// fuzzSeeds are scripts an untrusted user might send: ordinary psutil
// reads, runaway loops and allocations, the sandbox's blocked functions,
// errors of every kind. The attacks of testdata/fuzz/attacks run in
// TestUntrustedAttacks; scripts that still break the limits are kept in
// testdata/fuzz/pending (see TestFuzzPending).
var fuzzSeeds = []string{
	`local psutil = require("psutil") print(psutil.cpu_count(), psutil.virtual_memory().total, psutil.boot_time())`,
	`for p in require("psutil").process_iter({"pid", "name", "cmdline", "memory_info"}, "AD") do local _ = p.info.name end`,
	`local psutil = require("psutil") local p = psutil.Process() print(p:name(), p:num_threads(), #p:children(true))`,
	`local psutil = require("psutil") local u, n = psutil.users(), psutil.net_io_counters(true) print(#psutil.pids())`,
	`local psutil = require("psutil") print(psutil.cpu_percent(0.5))`,
	`local ok, e = pcall(require("psutil").Process, -1) print(ok, tostring(e), require("psutil").iserror(e))`,
	`while true do end`,
	`local t = {} for i = 1, 1e9 do t[i] = {i} end`,
	`local function f(n) if n > 100 then error("deep") end return 1 + f(n + 1) end f(1)`,
	`local s = string.rep("x", 2^31 - 1)`,
	`local s = ("x"):rep(1e6) for i = 1, 100 do s = s:upper():lower() end`,
	`local co = coroutine.wrap(function() for i = 1, 10 do coroutine.yield(i) end end) for i = 1, 10 do co() end`,
	`local co = coroutine.create(function() while true do coroutine.yield() end end) while true do coroutine.resume(co) end`,
	`print(setmetatable({}, {__index = function(t, k) return k end}).x)`,
	`local t = setmetatable({}, {__index = function(t, k) return t[k + 1] end}) return t[1]`,
	`print(("abc"):gsub("%w", "%0%0"), ("a,b,,c"):find(",,", 1, true), string.format("%99.99f", 1e308))`,
	`os.exit(3)`,
	`os.execute("true")`,
	`io.open("/etc/passwd")`,
	`require("psutil").PROCFS_PATH = "/tmp"`,
	`local f = loadstring("return 1 + ") print(f)`,
	`error(setmetatable({}, {__tostring = function() error("x") end}))`,
	`return {{{{{{{{{{}}}}}}}}}}`,
	`return ((((((((((1))))))))))`,
	`table.sort({3, 1, 2}, function(a, b) return a < b end) print(select("#", unpack({1, 2, 3})))`,
	`print(("%d %5.2s %q"):format(3.0, "abc", "\0\n"), tostring(1/0), 2^53, -0)`,
	`local t = {} for i = 1, 100 do t[i] = tostring(i) end print(table.concat(t, ", "))`,
	`for w in ("one two three"):gmatch("%a+") do print(w) end`,
	`local s = "" for i = 1, 1e6 do s = s .. "x" end`,
	`local function f(n) if n == 0 then error("x") end return f(n - 1) end while true do pcall(f, 1e6) end`,
	`print(pcall(pcall, error, "x"))`,
	`string.char(256)`,
	`print(os.time{year=2000, month=1, day=1}, os.date("%Y"), os.clock())`,
	`local json = require("json") print(json.encode({a = {1, 2, 3}}))`,
	"\x1bLua",
	"#!/usr/bin/env psulua\nprint(1)",
	"--[==[ unclosed",
	`"\300\400"`,
	``,
}

func FuzzRunString(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	sys := platform.New(platform.LiveFS())
	f.Fuzz(func(t *testing.T, src string) {
		checkUntrusted(t, sys, src)
	})
}

// TestUntrustedAttacks runs the scripts of testdata/fuzz/attacks through
// FuzzRunString's checks: each broke the limits once (a fatal Go stack
// overflow, calls that outran the time limit by minutes, memory far past
// the ceiling), and must stay contained.
func TestUntrustedAttacks(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "attacks", "*.lua"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no attack scripts: %v", err)
	}
	sys := platform.New(platform.LiveFS())
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) { checkUntrusted(t, sys, string(src)) })
	}
}

// TestFuzzPending runs the scripts of testdata/fuzz/pending, each a known
// way to break the limits that is not fixed yet, through FuzzRunString's
// checks. They crash or overrun the process today, so they run only with
// PSULUA_FUZZ_PENDING=1 (PSULUA_FUZZ_PENDING=name.lua runs one); once
// one passes, move it into testdata/fuzz/attacks.
func TestFuzzPending(t *testing.T) {
	which := os.Getenv("PSULUA_FUZZ_PENDING")
	if which == "" {
		t.Skip("set PSULUA_FUZZ_PENDING=1 to run the scripts that still break the limits")
	}
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "pending", "*.lua"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Log("nothing pending: every known attack is in testdata/fuzz/attacks")
	}
	sys := platform.New(platform.LiveFS())
	for _, file := range files {
		if which != "1" && which != filepath.Base(file) {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(file), func(t *testing.T) { checkUntrusted(t, sys, string(src)) })
	}
}

// checkUntrusted runs src on a new sandboxed host and fails when the run
// escapes its limits: a Go panic (the fuzzer sees a crash), a return later
// than fuzzGrace after the time limit, resident memory beyond fuzzMaxRSS,
// or goroutines left behind. A VM failure turned into ErrInternal is
// contained (the Pool discards the host); PSULUA_FUZZ_STRICT=1 reports
// it too. PSULUA_FUZZ_SKIP=time,memory leaves out the time or memory
// check, to look for other failures while a known one is being fixed.
func checkUntrusted(t *testing.T, sys *platform.System, src string) {
	if len(src) > fuzzMaxSource {
		return
	}
	skip := os.Getenv("PSULUA_FUZZ_SKIP")
	checkTime, checkMemory := !strings.Contains(skip, "time"), !strings.Contains(skip, "memory")
	grace := fuzzGrace
	if raceEnabled {
		grace *= 4
	}
	goroutines := runtime.NumGoroutine()
	// The collector lets the heap reach its goal before it collects: that
	// much garbage is the runtime's doing (GOGC), whatever the script, and
	// it grows with what the rest of the program holds.
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	// (A heap already past its goal, as under a lowered soft memory limit,
	// leaves no allowance.)
	garbage := max(0, int64(ms.NextGC)-int64(ms.HeapAlloc))
	rssGrowth := startPeakRSS()
	h := New(Options{Stdout: io.Discard, Stderr: io.Discard, System: sys, Sandbox: ReadOnly(),
		Timeout: fuzzTimeout, MemoryLimit: fuzzMemoryLimit})
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- h.RunString(context.Background(), src) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(fuzzTimeout + grace + hangAfter(checkTime)):
		// The host is still in use: it is left to its goroutine.
		t.Fatalf("still running %v after the start, time limit %v:\n%s", time.Since(start), fuzzTimeout, quote(src))
	}
	took := time.Since(start)
	h.Close()
	if checkTime && took > fuzzTimeout+grace {
		t.Fatalf("returned after %v, time limit %v:\n%s", took, fuzzTimeout, quote(src))
	}
	// A Go runtime error inside the VM surfaces as ErrInternal or, where
	// gopher-lua recovers it itself, as a Lua error saying "runtime error".
	if err != nil && os.Getenv("PSULUA_FUZZ_STRICT") != "" &&
		(errors.Is(err, ErrInternal) || strings.Contains(err.Error(), "runtime error: ")) {
		t.Fatalf("internal error %v:\n%s", err, quote(src))
	}
	if grown, ok := rssGrowth(); ok && checkMemory && !raceEnabled && grown > fuzzMaxRSS+garbage {
		t.Fatalf("resident memory grew by %d MiB, limit %d MiB (allowed: %d MiB, %d MiB of them garbage the collector may leave):\n%s",
			grown>>20, fuzzMemoryLimit>>20, (fuzzMaxRSS+garbage)>>20, garbage>>20, quote(src))
	}
	// The memory watchdog's goroutine ends with the run, once a forced
	// collection it may be in has finished: give it a second.
	for i := 0; runtime.NumGoroutine() > goroutines && i < 1000; i++ {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > goroutines {
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%d goroutines a second after the run, %d before:\n%s\n%s", n, goroutines, quote(src), buf)
	}
}

// hangAfter is how long past the limit and its grace a run may go on
// when the time check is left out: one that has not returned by then
// hangs.
func hangAfter(checkTime bool) time.Duration {
	if checkTime {
		return 0
	}
	return 30 * time.Second
}

// startPeakRSS resets the process's peak resident size (VmHWM, through
// /proc/self/clear_refs) and returns a function that gives how far it rose
// above the resident size of now; ok is false where that cannot be read.
func startPeakRSS() func() (int64, bool) {
	base, ok := statusKB("VmRSS")
	if !ok || os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) != nil {
		return func() (int64, bool) { return 0, false }
	}
	return func() (int64, bool) {
		peak, ok := statusKB("VmHWM")
		return (peak - base) << 10, ok
	}
}

// statusKB reads a "Key: N kB" line of /proc/self/status.
func statusKB(key string) (int64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	i := bytes.Index(b, []byte("\n"+key+":"))
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+len(key)+2:])
	if len(f) == 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(f[0]), 10, 64)
	return n, err == nil
}

// quote shows a script in a failure, cut short when long.
func quote(src string) string {
	if len(src) > 2000 {
		return strconv.Quote(src[:2000]) + "..."
	}
	return strconv.Quote(src)
}
