package procfs

import "testing"

func FuzzParseNetUnix(f *testing.F) {
	addFixtures(f, []string{"proc/net/unix", "proc/*/net/unix"},
		"Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00010000 0001 01 12345 /run/a b\nspilled\n",
		"h\n0: 2 0 0 1 1 7 \n",
		"h\n0: 2 0 0 1 1 7  \n\n\n",
		"h\n0: 2 0 0 1 1 7 @\x00abstract\n",
		"h\nnot a socket\n",
		"h\n0: 2 0 0 1 1 7\nnot a socket\n",
		"h\n0: 2 0 0 1 1 7 /p\n\n0: 2 0 0 1 1 8\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ss, _ := ParseNetUnix(b, nil)
		for _, s := range ss {
			if !contains(b, s.Path) {
				t.Fatalf("path %q does not alias the input", s.Path)
			}
		}
	})
}
