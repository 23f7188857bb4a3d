package procfs

import "testing"

func FuzzParsePidFdinfo(f *testing.F) {
	addFixtures(f, []string{"proc/*/fdinfo/*"},
		"pos:\t0\nflags:\t02100002\nmnt_id:\t26\nino:\t1234\n",
		"pos:\t-1\nflags:\t0777777777777777777777\n",
		"pos:\t0\nflags:\t08\n", "flags:\t0\n", "pos: 1\nflags: 0\nmnt_id: x\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParsePidFdinfo(b)
	})
}
