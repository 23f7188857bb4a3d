package procfs

import "testing"

func FuzzParseNetDev(f *testing.F) {
	addFixtures(f, []string{"proc/net/dev", "proc/*/net/dev"},
		"h1\nh2\n  eth0:1234567890123 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
		"h1\nh2\nabcdefghijklmno: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
		"h1\nh2\n: 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
		"h1\nh2\nlo 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
		"h1\nh2\na:b:0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ds, _ := ParseNetDev(b, nil)
		for _, d := range ds {
			if d.Name == "" {
				t.Fatalf("interface without a name: %+v", d)
			}
		}
	})
}
