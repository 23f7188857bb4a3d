//go:build linux

package main

import (
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Run by main, which exits next, psulua leaves the descriptors its
// listings keep open to the kernel; run again and again, as by the tests,
// it releases them. Left behind, the collector closes them once their
// processes are unreachable.
func TestRunLeavesKeptFilesOnlyBeforeExit(t *testing.T) {
	defer func(v bool) { exitsAfterRun = v }(exitsAfterRun)
	count := func() int {
		t.Helper()
		// The runtime opens an epoll and an eventfd at its first timer
		// (a run's, when the binary runs without -test.timeout): opened
		// here, they are in every count.
		time.AfterFunc(time.Hour, func() {}).Stop()
		fds, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Fatal(err)
		}
		return len(fds)
	}
	const script = `local psutil = require("psutil")
		for pass = 1, 2 do
			for p in psutil.process_iter() do pcall(p.memory_info, p) end
		end`
	start := count()
	for _, exits := range []bool{false, true} {
		exitsAfterRun = exits
		if code := run([]string{"psulua", "-e", script}, strings.NewReader(""), io.Discard, io.Discard); code != 0 {
			t.Fatalf("exitsAfterRun %v: status %d", exits, code)
		}
		switch after := count(); {
		case !exits && after != start:
			t.Errorf("descriptors after a run = %d, before = %d", after, start)
		case exits && after <= start:
			t.Errorf("descriptors after a run before exit = %d, before = %d: none left open", after, start)
		}
	}
	deadline := time.Now().Add(10 * time.Second)
	for count() > start && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if after := count(); after > start {
		t.Errorf("descriptors once collected = %d, before = %d", after, start)
	}
}
