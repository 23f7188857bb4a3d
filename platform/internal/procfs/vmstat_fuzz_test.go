package procfs

import "testing"

func FuzzParseVmstatSwap(f *testing.F) {
	addFixtures(f, []string{"proc/vmstat"}, "pswpin 1\npswpout 2\n", "pswpin\n", "pswpin x\n", "pswpout -9223372036854775808\n")
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		v, err := ParseVmstatSwap(b)
		if err != nil && v != (VmstatSwap{}) {
			t.Fatalf("error %v with a value %+v", err, v)
		}
	})
}
