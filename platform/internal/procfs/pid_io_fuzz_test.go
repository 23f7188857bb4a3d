package procfs

import "testing"

func FuzzParsePidIO(f *testing.F) {
	addFixtures(f, []string{"proc/*/io"},
		"rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\nwrite_bytes: 6\ncancelled_write_bytes: 7\n",
		"rchar: 1\n", "rchar: x\nwchar: 2\n", "rchar:18446744073709551615\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParsePidIO(b)
	})
}
