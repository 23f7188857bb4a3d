package procfs

import (
	"errors"
	"reflect"
	"testing"
)

// Two regions of a sleep(1) on Linux 6.18.
const pidSmaps = `56515252a000-56515252c000 r--p 00000000 fe:00 247766                     /usr/bin/sleep
Size:                  8 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   8 kB
Pss:                   4 kB
Pss_Dirty:             0 kB
Shared_Clean:          8 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:         0 kB
Referenced:            8 kB
Anonymous:             0 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  0 kB
SwapPss:               0 kB
Locked:                0 kB
THPeligible:           0
ProtectionKey:         0
VmFlags: rd mr mw me 
565181b06000-565181b27000 rw-p 00000000 00:00 0                          [heap]
Size:                132 kB
KernelPageSize:        4 kB
MMUPageSize:           4 kB
Rss:                   4 kB
Pss:                   4 kB
Pss_Dirty:             4 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         2 kB
Private_Dirty:         4 kB
Referenced:            4 kB
Anonymous:             4 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       8 kB
Swap:                 16 kB
SwapPss:              16 kB
Locked:                0 kB
THPeligible:           0
VmFlags: rd wr mr mw me ac 
`

// smaps_rollup of the same process.
const pidSmapsRollup = `56515252a000-7fff11688000 ---p 00000000 00:00 0                          [rollup]
Rss:                1560 kB
Pss:                 281 kB
Pss_Dirty:            92 kB
Pss_Anon:             92 kB
Pss_File:            189 kB
Pss_Shmem:             0 kB
Shared_Clean:       1468 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:        92 kB
Referenced:         1560 kB
Anonymous:            92 kB
KSM:                   0 kB
LazyFree:              0 kB
AnonHugePages:         0 kB
ShmemPmdMapped:        0 kB
FilePmdMapped:         0 kB
Shared_Hugetlb:        0 kB
Private_Hugetlb:       0 kB
Swap:                  8 kB
SwapPss:               3 kB
Locked:                0 kB
`

func TestParsePidSmaps(t *testing.T) {
	var got []PidSmap
	err := ParsePidSmaps([]byte(pidSmaps), func(m *PidSmap) {
		c := *m
		c.Map = PidMap{Path: append([]byte(nil), m.Map.Path...), Inode: m.Map.Inode}
		got = append(got, c)
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []PidSmap{
		{Map: PidMap{Path: []byte("/usr/bin/sleep"), Inode: 247766}, Size: 8, Rss: 8, Pss: 4, SharedClean: 8, Referenced: 8},
		{Map: PidMap{Path: []byte("[heap]")}, Size: 132, Rss: 4, Pss: 4, PrivateClean: 2, PrivateDirty: 4, Referenced: 4, Anonymous: 4, Swap: 16},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}

	n := 0
	if err := ParsePidSmaps(nil, func(*PidSmap) { n++ }); err != nil || n != 0 {
		t.Errorf("empty smaps (a zombie's): %d regions, %v", n, err)
	}
	if err := ParsePidSmaps([]byte("00400000-00401000 r--p 00000000 fe:00 1 /x\nRss: many kB\n"), func(*PidSmap) {}); !errors.Is(err, ErrFileParse) {
		t.Errorf("bad counter: err = %v, want ErrFileParse", err)
	}
}

func TestSumPidSmaps(t *testing.T) {
	tests := []struct {
		name, in string
		want     PidSmapsSum
	}{
		// Private_Clean + Private_Dirty + Private_Hugetlb; Pss, not Pss_*;
		// Swap, not SwapPss.
		{"smaps", pidSmaps, PidSmapsSum{Private: 2 + 4 + 8, Pss: 4 + 4, Swap: 16}},
		{"smaps_rollup", pidSmapsRollup, PidSmapsSum{Private: 92, Pss: 281, Swap: 8}},
		{"empty", "", PidSmapsSum{}},
	}
	for _, tt := range tests {
		got, err := SumPidSmaps([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
}
