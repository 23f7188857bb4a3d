package procfs

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseDiskstats(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []DiskStat
	}{
		{"14 fields (2.6 to 4.17)",
			"   8       0 sda 25354637 34367663 1003346126 18492372 28444756 11134226 505697032 63877960 0 9653880 82621804\n",
			[]DiskStat{{"sda", 25354637, 34367663, 1003346126, 18492372, 28444756, 11134226, 505697032, 63877960, 9653880}}},
		{"18 fields (4.18+ discards)",
			"   8       0 sdb 326552 841 9657779 84 41822 2895 1972905 5007 0 60730 67070 68851 0 1925173784 11130\n",
			[]DiskStat{{"sdb", 326552, 841, 9657779, 84, 41822, 2895, 1972905, 5007, 60730}}},
		{"20 fields (5.5+ flushes)",
			" 254       0 vda 34651 6850 1351642 12284 1731 7800 598752 1835 0 3964 14451 3432 21 119256 324 87 7\n",
			[]DiskStat{{"vda", 34651, 6850, 1351642, 12284, 1731, 7800, 598752, 1835, 3964}}},
		{"7 fields (2.6 partition)",
			"   3    1   hda1 35486 38030 38030 38030\n",
			[]DiskStat{{Name: "hda1", ReadIOs: 35486, ReadSectors: 38030, WriteIOs: 38030, WriteSectors: 38030}}},
		{"15 fields (2.4) read as psutil does",
			"   3     0   1 hda 2 3 4 5 6 7 8 9 10 11 12\n",
			[]DiskStat{{"hda", 1, 2, 3, 4, 5, 6, 7, 8, 10}}},
		{"slash in the name, no final newline",
			" 104    1 cciss/c0d0p1 554 52382 7 20",
			[]DiskStat{{Name: "cciss/c0d0p1", ReadIOs: 554, ReadSectors: 52382, WriteIOs: 7, WriteSectors: 20}}},
		{"columns past the 14th are not read",
			"   8       0 sdc 1 2 3 4 5 6 7 8 9 10 11 x y z w\n",
			[]DiskStat{{"sdc", 1, 2, 3, 4, 5, 6, 7, 8, 10}}},
		{"empty file", "", []DiskStat{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDiskstats([]byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	bad := []string{
		"   8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12\n",       // 15 fields with a name at [3] that is not a number
		"   8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13\n",    // 16 fields
		"   8 0 sda 1 2 3\n",                            // 6 fields
		"   8 0 sda 1 2 x 4 5 6 7 8 9 10 11\n",          // not a number
		"   8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n\n",        // psutil cannot read a blank line either
		"   8 0 sda 1 2 3 4 5 6 7 8 -9 10 11\n",         // even an unused column must be a number
		"   8 0 sda 1 2 3 4 5 6 7 8 9 10 11 12 13 14\n", // 17 fields
	}
	for _, in := range bad {
		if _, err := ParseDiskstats([]byte(in), nil); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParseDiskstats(%q) err = %v, want ErrFileParse", in, err)
		}
	}
}
