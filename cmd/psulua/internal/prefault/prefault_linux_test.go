package prefault

import (
	"context"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psulua/psulua/cmd/psulua/internal/smaps"
)

// readSmaps is smaps.Read, failing t on an error.
func readSmaps(t *testing.T) []smaps.Mapping {
	t.Helper()
	maps, err := smaps.Read()
	if err != nil {
		t.Fatal(err)
	}
	return maps
}

// kernelAtLeast tells whether the running kernel's release is at least
// major.minor.
func kernelAtLeast(t *testing.T, major, minor int) bool {
	t.Helper()
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		t.Fatal(err)
	}
	var rel []byte
	for _, c := range u.Release {
		if c == 0 {
			break
		}
		rel = append(rel, byte(c))
	}
	parts := strings.SplitN(string(rel), ".", 3)
	if len(parts) < 2 {
		t.Fatalf("kernel release %q", rel)
	}
	ma, _ := strconv.Atoi(parts[0])
	mi, _ := strconv.Atoi(strings.TrimFunc(parts[1], func(r rune) bool { return r < '0' || r > '9' }))
	return ma > major || ma == major && mi >= minor
}

// TestPopulateExecutable checks that this test binary's init mapped every
// page of its read-only segments: without it, a run maps only the pieces
// it touched.
func TestPopulateExecutable(t *testing.T) {
	if populateErr == syscall.EINVAL && !kernelAtLeast(t, 5, 14) {
		t.Logf("this kernel has no MADV_POPULATE_READ (Linux 5.14); init changed nothing")
		return
	}
	if populateErr != 0 {
		t.Fatalf("populate: %v", populateErr)
	}
	exe, err := os.Readlink("/proc/self/exe")
	if err != nil {
		t.Fatal(err)
	}
	size, rss := 0, 0
	for _, m := range readSmaps(t) {
		if m.Path == exe && !strings.Contains(m.Perms, "w") {
			size += m.KB["Size"]
			rss += m.KB["Rss"]
		}
	}
	if size == 0 {
		t.Fatalf("no read-only mapping of %s", exe)
	}
	// Without init's advice, a run maps the pieces it touched: most of a
	// binary this small (97% of it), not all.
	if rss != size {
		t.Errorf("%s: %d kB of its %d kB of read-only segments mapped, want all", exe, rss, size)
	}
}

// TestCollapseHeapStart checks that init moved the heap's first 2 MiB to
// a huge page where the kernel has them, and left it alone under
// GODEBUG=disablethp=1 or a GOGC (in new processes: the test binary run
// again).
func TestCollapseHeapStart(t *testing.T) {
	if os.Getenv("PSULUA_PREFAULT_CHILD") != "" {
		if collapsedAt != 0 {
			t.Fatalf("collapsed the heap at %#x under GODEBUG=%q GOGC=%q", collapsedAt, os.Getenv("GODEBUG"), os.Getenv("GOGC"))
		}
		return
	}
	_, err := os.Stat("/sys/kernel/mm/transparent_hugepage")
	if err != nil || !kernelAtLeast(t, 6, 1) {
		// A kernel without transparent huge pages or without MADV_COLLAPSE
		// refuses the advice.
		if collapseErr == 0 {
			t.Errorf("collapse succeeded without transparent huge pages or MADV_COLLAPSE")
		}
	} else {
		if collapsedAt == 0 || collapseErr != 0 {
			t.Fatalf("collapse at %#x: %v", collapsedAt, collapseErr)
		}
		m, ok := smaps.Holding(readSmaps(t), collapsedAt)
		if !ok {
			t.Fatalf("no mapping holds %#x", collapsedAt)
		}
		if m.KB["AnonHugePages"] < hugePage>>10 {
			t.Errorf("the heap's mapping %#x-%#x has %d kB of huge pages, want at least %d",
				m.Start, m.End, m.KB["AnonHugePages"], hugePage>>10)
		}
	}
	for _, env := range []string{"GODEBUG=gctrace=0,disablethp=1", "GOGC=100"} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestCollapseHeapStart$")
		cmd.Env = append(os.Environ(), "PSULUA_PREFAULT_CHILD=1", env)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("%s: %v\n%s", env, err, out)
		}
	}
}

func TestGodebugSet(t *testing.T) {
	for _, c := range []struct {
		env  string
		want bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=1,disablethp=0", false},
		{"disablethp=0,disablethp=1", true},
		{"xdisablethp=1", false},
		{"disablethp", false},
		{"disablethp=1,", true},
		{",disablethp=1", true},
	} {
		t.Setenv("GODEBUG", c.env)
		if got := godebugSet("disablethp", "1"); got != c.want {
			t.Errorf("GODEBUG=%q: godebugSet = %v, want %v", c.env, got, c.want)
		}
	}
}
