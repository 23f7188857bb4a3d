package procfs

import "testing"

func FuzzParsePidStat(f *testing.F) {
	addFixtures(f, []string{"proc/*/stat", "proc/*/task/*/stat"},
		"1 (a) b) c) S 0 1 1 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 9 10 11 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 3 0 0 12\n",
		"1 (x\ny) Z 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
		"1 () S", "1 (", ")", "1 (a) SS 0", "1 (a) S 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 x",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		st, err := ParsePidStat(b)
		if !contains(b, st.Comm) {
			t.Fatalf("comm %q does not alias the input", st.Comm)
		}
		if st.Fields > 40 {
			t.Fatalf("%d fields read, at most 40 expected", st.Fields)
		}
		state, start, ppid, err2 := ParsePidStatStart(b)
		if err == nil {
			// What the full parse accepts, the identity check reads alike.
			if err2 != nil || state != st.State || start != st.Starttime || ppid != st.Ppid {
				t.Fatalf("ParsePidStatStart = %c %d %d %v; ParsePidStat gave %c %d %d",
					state, start, ppid, err2, st.State, st.Starttime, st.Ppid)
			}
		}
	})
}
