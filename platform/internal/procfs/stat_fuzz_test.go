package procfs

import "testing"

func FuzzParseStat(f *testing.F) {
	addFixtures(f, []string{"proc/stat"},
		"cpu  1 2 3 4\ncpu0 1 2 3 4 5 6 7 8 9 10 11 12\nintr 1 2 3\nctxt 4\nbtime 5\nsoftirq 6 7\n",
		"cpu 1 2 3\n", "cpu\n", "cpux 1 2 3 4\ncpu0\n", "btime\n", "btime x\n", "intr\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := ParseStatCPU(b)
		if err == nil && (c.Columns < 4 || c.Columns > 10) {
			t.Fatalf("%d columns", c.Columns)
		}
		per, _ := ParseStatPerCPU(b, nil)
		if n := CountStatCPUs(b); len(per) > 0 && n > len(per) {
			// Every "cpuN" line CountStatCPUs counts is one ParseStatPerCPU
			// reads, unless it stopped at an error first.
			if _, err := ParseStatPerCPU(b, nil); err == nil {
				t.Fatalf("CountStatCPUs = %d, ParseStatPerCPU read %d", n, len(per))
			}
		}
		ParseStatCounters(b)
		ParseStatBtime(b)
	})
}
