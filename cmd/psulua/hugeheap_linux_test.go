package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
	"unsafe"

	"github.com/psulua/psulua/cmd/psulua/internal/smaps"
)

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
		maps, err := smaps.Read()
		if err != nil {
			t.Fatal(err)
		}
		m, ok := smaps.Holding(maps, uintptr(unsafe.Pointer(heapProbeSink)))
		if !ok {
			t.Fatalf("no mapping holds %p", heapProbeSink)
		}
		fmt.Println("VmFlags:", m.VmFlags)
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

// gogc is the runtime's GOGC now.
func gogc(t *testing.T) uint64 {
	t.Helper()
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		t.Fatalf("no %s metric", s[0].Name)
	}
	return s[0].Value.Uint64()
}

// TestFirstCollectionLater checks, in new processes (the test binary run
// again) as psulua's main starts them, that the first collection's GOGC
// is psulua's plus 100 after hugeHeap, and psulua's once that collection
// has run; and that a GOGC of the user's is left alone.
func TestFirstCollectionLater(t *testing.T) {
	if os.Getenv("PSULUA_FIRSTGC_CHILD") != "" {
		if os.Getenv("GOGC") == "" {
			debug.SetGCPercent(gcPercent)
		}
		hugeHeap()
		before := gogc(t)
		fmt.Printf("before %d\n", before)
		runtime.GC()
		// The cleanup runs on a goroutine of the runtime's, soon after.
		deadline := time.Now().Add(10 * time.Second)
		for before == gcPercent+100 && gogc(t) == before && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		fmt.Printf("after %d\n", gogc(t))
		return
	}
	for _, c := range []struct {
		env           string
		before, after int
	}{{"GOGC=", gcPercent + 100, gcPercent}, {"GOGC=100", 100, 100}} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFirstCollectionLater$", "-test.v")
		cmd.Env = append(os.Environ(), "PSULUA_FIRSTGC_CHILD=1", "GODEBUG=", c.env)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", c.env, err, out)
		}
		want := fmt.Sprintf("before %d\nafter %d\n", c.before, c.after)
		if !strings.Contains(string(out), want) {
			t.Errorf("%s: want %q in\n%s", c.env, want, out)
		}
	}
}
