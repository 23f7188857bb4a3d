package procfs

import "testing"

func FuzzParseLoadAvg(f *testing.F) {
	addFixtures(f, []string{"proc/loadavg"},
		"0.09 0.08 0.03 1/90 5912\n", "1 2 3", "1 2 3 4/ 5", "1 2 3 /4 5", "1e308 1e309 -0 1/2 -3\n",
		"0.00 0.00 0.00 0/0 0 extra\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		l, err := ParseLoadAvg(b)
		if err != nil && l != (LoadAvg{}) {
			t.Fatalf("error %v with a value %+v", err, l)
		}
	})
}
