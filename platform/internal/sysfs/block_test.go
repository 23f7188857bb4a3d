package sysfs

import (
	"errors"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// diskStat lists a DiskStat's counters in the order of the stat file.
func diskStat(v ...uint64) procfs.DiskStat {
	return procfs.DiskStat{ReadIOs: v[0], ReadMerges: v[1], ReadSectors: v[2], ReadTicks: v[3],
		WriteIOs: v[4], WriteMerges: v[5], WriteSectors: v[6], WriteTicks: v[7], IOTicks: v[8]}
}

func TestParseBlockStat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want procfs.DiskStat
	}{
		{"11 fields (before 4.18)",
			"6447303        0 710266738  1529043   953216        0 31201176  4557464        0   796160  6088971\n",
			diskStat(6447303, 0, 710266738, 1529043, 953216, 0, 31201176, 4557464, 796160)},
		{"15 fields (4.18+)",
			"9652963   396792 759304206   412943  8422549  6731723 286915323 13947418        0  5658367 19174573 1 2 3 12\n",
			diskStat(9652963, 396792, 759304206, 412943, 8422549, 6731723, 286915323, 13947418, 5658367)},
		{"17 fields (5.5+)",
			"   61050    16774  4202091    25036    83902    46848  2302530    32404        0    20551    64225       46        0  5751632       80     3461     6703\n",
			diskStat(61050, 16774, 4202091, 25036, 83902, 46848, 2302530, 32404, 20551)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseBlockStat([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
	for _, in := range []string{"", "35486    38030    38030    38030\n", "1 2 3 4 5 6 7 8 9 x 11\n"} {
		if _, err := ParseBlockStat([]byte(in)); !errors.Is(err, procfs.ErrFileParse) {
			t.Errorf("ParseBlockStat(%q) err = %v, want ErrFileParse", in, err)
		}
	}
}
