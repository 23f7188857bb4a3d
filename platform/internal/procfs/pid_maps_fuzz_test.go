package procfs

import "testing"

func FuzzParsePidMaps(f *testing.F) {
	addFixtures(f, []string{"proc/*/maps"},
		"00400000-00452000 r-xp 00000000 08:02 173521     /usr/bin/dbus-daemon\n",
		"7ffd1000-7ffd2000 rw-p 00000000 00:00 0          [stack]\n7f00-7f01 r--s 0 00:05 1 /dev/shm/a b (deleted)\n",
		"a b c d e\n", "a: b c d 1\n", "a b c d\n", "a b c d 18446744073709551616\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParsePidMaps(b, func(m PidMap) {
			for _, s := range [][]byte{m.Addr, m.Perms, m.Offset, m.Dev, m.Path} {
				if !contains(b, s) {
					t.Fatalf("field %q does not alias the input", s)
				}
			}
			if len(m.Addr) == 0 || len(m.Perms) == 0 || len(m.Offset) == 0 || len(m.Dev) == 0 {
				t.Fatalf("region with an empty field: %+v", m)
			}
		})
	})
}
