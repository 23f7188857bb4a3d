//go:build unix

package engine

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestSandboxReadFiles: with Policy.ReadFiles, regular files can be read;
// nothing can be written, and files that never end or block are refused.
func TestSandboxReadFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(dir+"/data", []byte("line one\nline two\n"), 0o644)
	fifo := dir + "/fifo"
	if err := unix.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, src, want string }{
		{"write mode", `io.open("` + dir + `/x", "w")`, `io.open in mode "w" is blocked`},
		{"append mode", `io.open("` + dir + `/x", "a+")`, `io.open in mode "a+" is blocked`},
		{"read-write mode", `io.open("` + dir + `/data", "r+")`, `io.open in mode "r+" is blocked`},
		{"a device that never ends", `io.open("/dev/zero"):read("*a")`, "not a regular file"},
		{"a FIFO that would block", `io.open("` + fifo + `")`, "not a regular file"},
		{"a /proc file of unknown size", `io.open("/proc/self/maps")`, "a kernel file"},
		{"a /proc file by a relative path", `io.open("../../../../../../../../proc/self/environ")`, "a kernel file"},
		{"writing through a read handle", `local f = io.open("` + dir + `/data"); assert(f:write("x")); f:flush()`, "opened for only reading"},
		{"reading works", `local f = io.open("` + dir + `/data"); local n = 0; for l in io.lines("` + dir + `/data") do n = n + 1 end; error(f:read("*l") .. " " .. n, 0)`, "line one 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := New(Options{Sandbox: &Policy{ReadFiles: true}, Timeout: 5 * time.Second})
			defer h.Close()
			err := h.RunString(context.Background(), c.src)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("%s: got %v, want %q", c.src, err, c.want)
			}
		})
	}
	if _, err := os.Stat(dir + "/x"); err == nil {
		t.Fatal("the sandbox created a file")
	}
}
