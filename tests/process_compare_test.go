package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// processTolerances: counters of the processes compared only grow, and
// must lie between python3-psutil's readings before and after psulua's.
var processTolerances = []tolerance{
	{regexp.MustCompile(`\.(cpu_times|threads)\.`), 0.011},
	{regexp.MustCompile(`\.(num_ctx_switches|io_counters)\.`), 0},
	{regexp.MustCompile(`\.memory_percent$`), 0.001},
	{regexp.MustCompile(`\.create_time$`), 0.01},
}

// TestProcessesMatchPsutil compares every Process attribute that psutil 5.9
// and 8 share, read by psulua's Lua module and by python3-psutil, for
// processes the test starts (odd names, environment, working directory)
// and for pid 1 and kthreadd. make unpriv runs it again as an
// unprivileged user, where AccessDenied must come exactly where psutil's
// does.
func TestProcessesMatchPsutil(t *testing.T) {
	needPsutil(t)
	dir := t.TempDir()
	os.Chmod(dir, 0o755)
	var pids []string
	start := func(name string, env []string, args ...string) {
		bin := filepath.Join(dir, name)
		if err := os.Link("/bin/sleep", bin); err != nil {
			data, err := os.ReadFile("/bin/sleep")
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(bin, data, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, dir
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
		})
		pids = append(pids, strconv.Itoa(cmd.Process.Pid))
	}
	start("a b) (c", []string{"FOO=bar", "EMPTY="}, "60")
	start("a-name-longer-than-fifteen", nil, "59", "1")
	start("plain", []string{"LANG=C"}, "60")
	time.Sleep(100 * time.Millisecond) // let them reach sleep
	pids = append(pids, "1", "2")

	args := append([]string{"scripts/process_dump.py"}, pids...)
	before := parseDump(t, "python3-psutil", runDump(t, oraclePython, args...))
	ours := parseDump(t, "psulua", runDump(t, psuluaBin, append([]string{"scripts/process_dump.lua"}, pids...)...))
	after := parseDump(t, "python3-psutil", runDump(t, oraclePython, args...))
	if len(ours) < 100 {
		t.Fatalf("too little output: %v", ours)
	}
	compareDumps(t, processTolerances, ours, before, after)
}
