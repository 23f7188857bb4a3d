package procfs

import "testing"

func FuzzParseMeminfo(f *testing.F) {
	addFixtures(f, []string{"proc/meminfo"},
		"MemTotal:       16384 kB\nMemAvailable: -1 kB\nShadowCallStack:10373888 kB\n",
		"Mem:  total:    used:    free:\nMem:  1 2 3\n",
		"MemTotal:\n", "MemTotal: x kB\n", "Active(file):9223372036854775807 kB\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		m, err := ParseMeminfo(b)
		if err != nil && m != (Meminfo{}) {
			t.Fatalf("error %v with a value %+v", err, m)
		}
		if m.Has == 0 && m != (Meminfo{}) {
			t.Fatalf("values without a line: %+v", m)
		}
	})
}
