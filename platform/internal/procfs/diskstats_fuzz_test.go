package procfs

import (
	"bytes"
	"testing"
)

func FuzzParseDiskstats(f *testing.F) {
	addFixtures(f, []string{"proc/diskstats"},
		"   8       0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25\n",
		"   3    1 hda1 4 5 6 7\n",
		"   3    0   1 hda 2 3 4 5 6 7 8 9 10 11 12\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ds, err := ParseDiskstats(b, nil)
		if err == nil && len(ds) > bytes.Count(b, []byte("\n"))+1 {
			t.Fatalf("%d devices from %d lines", len(ds), bytes.Count(b, []byte("\n"))+1)
		}
		for _, d := range ds {
			if d.Name == "" {
				t.Fatalf("device without a name: %+v", d)
			}
		}
	})
}
