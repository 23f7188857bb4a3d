package procfs

import "testing"

func FuzzCPUInfo(f *testing.F) {
	addFixtures(f, []string{"proc/cpuinfo"},
		"processor\t: 0\nphysical id\t: 0\ncpu cores\t: 2\n\nprocessor\t: 1\nphysical id\t: 0\ncpu cores\t: 2\n\n",
		"clock\t\t: 2750.000000MHz\n",
		"cpu MHz dynamic : 5200\ncpu MHz static : 5200\n",
		"physical id : -1\ncpu cores : 9223372036854775807\n\nphysical id : 1\ncpu cores : 9223372036854775807\n\n",
		"cpu MHz\t: \n",
		"PROCESSOR",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		freqs, _ := CPUInfoFreqs(b, nil)
		if len(freqs) > len(b) {
			t.Fatalf("%d frequencies from %d bytes", len(freqs), len(b))
		}
		if n := CPUInfoProcessors(b); n < 0 || n > len(b)/9 {
			t.Fatalf("CPUInfoProcessors = %d from %d bytes", n, len(b))
		}
		CPUInfoCores(b)
	})
}
