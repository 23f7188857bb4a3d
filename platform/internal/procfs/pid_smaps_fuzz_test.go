package procfs

import "testing"

func FuzzParsePidSmaps(f *testing.F) {
	addFixtures(f, []string{"proc/*/smaps", "proc/*/smaps_rollup"},
		"00400000-00452000 r-xp 00000000 08:02 173521 /bin/x\nSize: 4 kB\nRss: 1 kB\nPrivate_Clean: 18446744073709551615 kB\nVmFlags: rd ex\n",
		"Rss: 1 kB\n", "Size:\n", "Size: x kB\n", "a b c d 0\n:\n",
		"Private_Dirty: 18446744073709551615 kB\nPrivate_Clean: 18446744073709551615 kB\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParsePidSmaps(b, func(s *PidSmap) {
			if !contains(b, s.Map.Addr) || !contains(b, s.Map.Path) {
				t.Fatalf("region %+v does not alias the input", s.Map)
			}
		})
		SumPidSmaps(b)
	})
}
