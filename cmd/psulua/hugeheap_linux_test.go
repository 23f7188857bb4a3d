package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
	"unsafe"
)

// vmFlags returns the VmFlags of the mapping of this process that holds
// addr, from /proc/self/smaps.
func vmFlags(t *testing.T, addr uintptr) string {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(f[0], "-"); ok {
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				in = uintptr(start) <= addr && addr < uintptr(end)
				continue
			}
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return line
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no mapping holds %#x", addr)
	return ""
}

var heapProbeSink *[64]byte

// TestHugeHeapAdvises checks, in a new process (the test binary run
// again) as psulua's main starts, that hugeHeap leaves the heap where
// the next allocations go advised for huge pages ("hg" in VmFlags,
// whatever the system's THP setting), and that GODEBUG=disablethp=1 or
// a GOGC leaves it alone.
func TestHugeHeapAdvises(t *testing.T) {
	if os.Getenv("PSULUA_HUGEHEAP_CHILD") != "" {
		hugeHeap()
		heapProbeSink = new([64]byte)
		fmt.Println(vmFlags(t, uintptr(unsafe.Pointer(heapProbeSink))))
		return
	}
	// A kernel built without transparent huge pages refuses the advice.
	_, err := os.Stat("/sys/kernel/mm/transparent_hugepage")
	thp := err == nil
	for _, c := range []struct {
		env     string
		advised bool
	}{{"GODEBUG=", thp}, {"GODEBUG=disablethp=1", false}, {"GOGC=100", false}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHugeHeapAdvises$", "-test.v")
		cmd.Env = append(os.Environ(), "PSULUA_HUGEHEAP_CHILD=1", "GODEBUG=", "GOGC=", c.env)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.env, err, out)
		}
		flags := ""
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "VmFlags:") {
				flags = line
			}
		}
		if flags == "" {
			t.Fatalf("%s: no VmFlags in\n%s", c.env, out)
		}
		if advised := strings.Contains(flags+" ", " hg "); advised != c.advised {
			t.Errorf("%s: the heap's mapping has %s, want advised %v", c.env, flags, c.advised)
		}
	}
}
