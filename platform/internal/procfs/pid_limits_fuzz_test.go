package procfs

import "testing"

func FuzzParsePidLimits(f *testing.F) {
	addFixtures(f, []string{"proc/*/limits"},
		"Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax open files            1024                 1048576              files     \n",
		"h\nMax open files 9223372036854775808 1\n",
		"h\nMax open files\n", "h\nMax open files \n", "h\nMax open filesX 1 2\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		l, err := ParsePidLimits(b)
		if err != nil {
			return
		}
		for r, lim := range l.Limits {
			if !l.Has[r] && lim != (PidLimit{}) {
				t.Fatalf("limit %d set without its line: %+v", r, lim)
			}
			if lim.Soft < PidLimitUnlimited || lim.Hard < PidLimitUnlimited {
				t.Fatalf("limit %d is negative: %+v", r, lim)
			}
		}
	})
}
