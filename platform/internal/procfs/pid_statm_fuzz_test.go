package procfs

import (
	"fmt"
	"testing"
)

func FuzzParsePidStatm(f *testing.F) {
	addFixtures(f, []string{"proc/*/statm"}, "1 2 3 4 0 5 0\n", "1 2 3 4 0 5", "1 2 3", "1  2 3 4 0 5 0 9\n")
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		m, err := ParsePidStatm(b)
		if err != nil {
			return
		}
		// Printed back as the kernel prints it, the values read the same.
		again, err := ParsePidStatm(fmt.Appendf(nil, "%d %d %d %d %d %d %d\n",
			m.Size, m.Resident, m.Shared, m.Text, m.Lib, m.Data, m.Dirty))
		if err != nil || again != m {
			t.Fatalf("round trip of %+v gave %+v, %v", m, again, err)
		}
	})
}
