//go:build linux

package engine

import (
	"context"
	"io"
	"os"
	"testing"
	"time"
)

// openDescriptors counts the descriptors the test process has open. The
// runtime opens two of its own (an epoll and an eventfd) at the first
// timer, which a host's run may be, when the test binary runs without
// -test.timeout: a timer started here opens them before the count.
func openDescriptors(t *testing.T) int {
	t.Helper()
	time.AfterFunc(time.Hour, func() {}).Stop()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return len(fds)
}

// listTwice runs a script that lists the processes twice, so that h's
// System keeps their files open for a third listing.
func listTwice(t *testing.T, h *Host) {
	t.Helper()
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		for pass = 1, 2 do
			for p in psutil.process_iter() do pcall(p.memory_info, p) end
		end`)
	if err != nil {
		t.Fatal(err)
	}
}

// A host whose scripts listed processes twice keeps their files open for
// the next listing; Close gives the descriptors back at once.
func TestCloseReleasesKeptFiles(t *testing.T) {
	before := openDescriptors(t)
	h := New(Options{Stdout: io.Discard})
	listTwice(t, h)
	if openDescriptors(t) <= before {
		t.Skip("the listing kept no files open (no descriptor budget)")
	}
	h.Close()
	if after := openDescriptors(t); after != before {
		t.Errorf("descriptors after Close = %d, before the host = %d", after, before)
	}
}

// CloseBeforeExit, for a program that exits next, leaves those
// descriptors to the kernel: they are still open after it.
func TestCloseBeforeExitLeavesKeptFiles(t *testing.T) {
	before := openDescriptors(t)
	h := New(Options{Stdout: io.Discard})
	t.Cleanup(h.sys.ProcessIterCacheClear) // what the exit would have done
	listTwice(t, h)
	kept := openDescriptors(t)
	if kept <= before {
		t.Skip("the listing kept no files open (no descriptor budget)")
	}
	h.CloseBeforeExit()
	if after := openDescriptors(t); after != kept {
		t.Errorf("descriptors after CloseBeforeExit = %d, before it = %d", after, kept)
	}
}
