package procfs

import (
	"errors"
	"testing"
)

func TestParseMeminfo(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Meminfo
	}{
		{
			name: "kernel 6.x",
			in: "MemTotal:       24683656 kB\nMemFree:        24373776 kB\nMemAvailable:   24370724 kB\n" +
				"Buffers:            1808 kB\nCached:           181760 kB\nSwapCached:            0 kB\n" +
				"Active:            85876 kB\nInactive:          97272 kB\nActive(anon):       1540 kB\n" +
				"Inactive(anon):     6968 kB\nActive(file):      84336 kB\nInactive(file):    90304 kB\n" +
				"SwapTotal:             0 kB\nSwapFree:              0 kB\nShmem:              8924 kB\n" +
				"KReclaimable:      50884 kB\nSlab:              72896 kB\nSReclaimable:      50884 kB\n" +
				"HugePages_Total:       0\nHugepagesize:       2048 kB\n",
			want: Meminfo{
				MemTotal: 24683656, MemFree: 24373776, MemAvailable: 24370724, Buffers: 1808, Cached: 181760,
				Active: 85876, Inactive: 97272, ActiveFile: 84336, InactiveFile: 90304, Shmem: 8924,
				Slab: 72896, SReclaimable: 50884,
				Has: MeminfoMemTotal | MeminfoMemFree | MeminfoMemAvailable | MeminfoBuffers | MeminfoCached |
					MeminfoActive | MeminfoInactive | MeminfoActiveFile | MeminfoInactiveFile |
					MeminfoSwapTotal | MeminfoSwapFree | MeminfoShmem | MeminfoSlab | MeminfoSReclaimable,
			},
		},
		{
			name: "kernel 2.4 with its summary table",
			in: "        total:    used:    free:  shared: buffers:  cached:\n" +
				"Mem:  1055760384 1041887232 13873152        0 100417536 711233536\n" +
				"Swap: 1077501952  8540160 1068961792\n" +
				"MemTotal:      1031016 kB\nMemFree:         13548 kB\nMemShared:           0 kB\n" +
				"Inact_dirty:    309584 kB\nInact_clean:     79508 kB\nInact_target:   190440 kB\n",
			want: Meminfo{
				MemTotal: 1031016, MemFree: 13548, InactDirty: 309584, InactClean: 79508,
				Has: MeminfoMemTotal | MeminfoMemFree | MeminfoMemShared | MeminfoInactDirty | MeminfoInactClean,
			},
		},
		{
			name: "no space after the colon (psutil #2809)",
			in:   "MemTotal:              100 kB\nShadowCallStack:10373888 kB\nSwapFree:14 kB",
			want: Meminfo{MemTotal: 100, SwapFree: 14, Has: MeminfoMemTotal | MeminfoSwapFree},
		},
		{
			name: "negative MemAvailable (psutil #1915)",
			in:   "MemAvailable:         -1 kB\n",
			want: Meminfo{MemAvailable: -1, Has: MeminfoMemAvailable},
		},
		{
			name: "tabs and a line without colon",
			in:   "MemFree:\t\t13548 kB\ngarbage\n\n",
			want: Meminfo{MemFree: 13548, Has: MeminfoMemFree},
		},
		{name: "empty", in: "", want: Meminfo{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseMeminfo([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseMeminfoErrors(t *testing.T) {
	for _, in := range []string{
		"MemTotal: lots kB\n",
		"MemFree:\n",
		"Cached: 12x kB\n",
	} {
		if _, err := ParseMeminfo([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParseMeminfo(%q) error = %v, want ErrFileParse", in, err)
		}
	}
}

func BenchmarkParseMeminfo(b *testing.B) {
	data := []byte("MemTotal:       24683656 kB\nMemFree:        24373776 kB\nMemAvailable:   24370724 kB\n" +
		"Buffers:            1808 kB\nCached:           181760 kB\nSwapCached:            0 kB\n" +
		"Active:            85876 kB\nInactive:          97272 kB\nActive(anon):       1540 kB\n" +
		"Inactive(anon):     6968 kB\nActive(file):      84336 kB\nInactive(file):    90304 kB\n" +
		"Unevictable:       13272 kB\nMlocked:           12308 kB\nSwapTotal:             0 kB\n" +
		"SwapFree:              0 kB\nZswap:                 0 kB\nZswapped:              0 kB\n" +
		"Dirty:              2896 kB\nWriteback:            88 kB\nAnonPages:         12972 kB\n" +
		"Mapped:            10804 kB\nShmem:              8924 kB\nKReclaimable:      50884 kB\n" +
		"Slab:              72896 kB\nSReclaimable:      50884 kB\nSUnreclaim:        22012 kB\n")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMeminfo(data); err != nil {
			b.Fatal(err)
		}
	}
}
