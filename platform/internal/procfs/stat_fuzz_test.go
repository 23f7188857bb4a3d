package procfs

import "testing"

func FuzzParseStat(f *testing.F) {
	addFixtures(f, []string{"proc/stat"},
		"cpu  1 2 3 4\ncpu0 1 2 3 4 5 6 7 8 9 10 11 12\nintr 1 2 3\nctxt 4\nbtime 5\nsoftirq 6 7\n",
		"cpu 1 2 3\n", "cpu\n", "cpux 1 2 3 4\ncpu0\n", "btime\n", "btime x\n", "intr\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		c, err := ParseStatCPU(b)
		if err == nil && (c.Columns < 4 || c.Columns > 10) {
			t.Fatalf("%d columns", c.Columns)
		}
		// Every "cpuN" line after the first (the system-wide line, which
		// ParseStatPerCPU skips whatever it says) is one ParseStatPerCPU
		// reads, unless it stopped at an error first.
		per, err := ParseStatPerCPU(b, nil)
		_, rest := NextLine(b)
		if n := CountStatCPUs(rest); err == nil && n > len(per) {
			t.Fatalf("CountStatCPUs = %d, ParseStatPerCPU read %d", n, len(per))
		}
		ParseStatCounters(b)
		ParseStatBtime(b)
	})
}
