package tests

import (
	"os/exec"
	"strings"
	"testing"
)

// TestExamples runs the Lua ports of psutil's scripts and checks what they
// print against python3-psutil's values.
func TestExamples(t *testing.T) {
	t.Run("meminfo", func(t *testing.T) {
		out := runDump(t, psuluaBin, "../examples/meminfo.lua")
		var want []byte
		want = runDump(t, oraclePython, "-c", `import psutil
from psutil._common import bytes2human
print("%-10s : %7s" % ("Total", bytes2human(psutil.virtual_memory().total)))
print("%-10s : %7s" % ("Total", bytes2human(psutil.swap_memory().total)))`)
		for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
			// psutil 5.9's bytes2human prints "0B" where psutil 8's prints "0.0B".
			line = strings.Replace(line, "     0B", "   0.0B", 1)
			if !strings.Contains(string(out), line+"\n") {
				t.Errorf("meminfo output lacks %q:\n%s", line, out)
			}
		}
		for _, label := range []string{"MEMORY", "SWAP", "Available  :", "Percent    :", "Slab       :", "Sout       :"} {
			if !strings.Contains(string(out), label) {
				t.Errorf("meminfo output lacks %q", label)
			}
		}
	})
	t.Run("disk_usage", func(t *testing.T) {
		out := string(runDump(t, psuluaBin, "../examples/disk_usage.lua"))
		mounts := runDump(t, oraclePython, "-c", `import psutil
for p in psutil.disk_partitions(): print(p.device, p.mountpoint)`)
		for _, line := range strings.Split(strings.TrimSpace(string(mounts)), "\n") {
			dev, mnt, _ := strings.Cut(line, " ")
			if !strings.Contains(out, dev) || !strings.Contains(out, mnt) {
				t.Errorf("disk_usage output lacks %s on %s:\n%s", dev, mnt, out)
			}
		}
	})
	t.Run("embed", func(t *testing.T) {
		cmd := exec.Command(embedBin, "../examples/embed/rules.lua")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if !strings.Contains(string(out), "alert(s)") {
			t.Fatalf("unexpected output:\n%s", out)
		}
	})
}
