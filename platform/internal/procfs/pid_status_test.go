package procfs

import (
	"errors"
	"reflect"
	"testing"
)

// A sleep(1) on Linux 6.18, trimmed of the lines nothing reads.
const pidStatusSleep = `Name:	sleep
Umask:	0022
State:	S (sleeping)
Tgid:	16201
Ngid:	0
Pid:	16201
PPid:	1
TracerPid:	0
Uid:	1000	1001	1002	1003
Gid:	100	101	102	103
FDSize:	256
Groups:	 
VmPeak:	    2500 kB
VmSize:	    2500 kB
VmLck:	       0 kB
VmHWM:	    1560 kB
VmRSS:	    1560 kB
RssAnon:	      92 kB
RssFile:	    1468 kB
RssShmem:	       4 kB
VmData:	     224 kB
VmSwap:	      12 kB
HugetlbPages:	    2048 kB
Threads:	1
SigQ:	0/96364
Cpus_allowed:	3
Cpus_allowed_list:	0-1
Mems_allowed_list:	0
voluntary_ctxt_switches:	17
nonvoluntary_ctxt_switches:	3
`

// A zombie: no Vm lines.
const pidStatusZombie = `Name:	python3
State:	Z (zombie)
Tgid:	16364
Ngid:	0
Pid:	16364
PPid:	16323
TracerPid:	0
Uid:	0	0	0	0
Gid:	0	0	0	0
FDSize:	0
Groups:	 
Threads:	1
Cpus_allowed_list:	0-1
voluntary_ctxt_switches:	1
nonvoluntary_ctxt_switches:	0
`

// Linux 2.6.18: no RssAnon/RssFile/RssShmem (4.5), HugetlbPages (4.4),
// context switches (2.6.23) or VmSwap (2.6.34).
const pidStatusOld = `Name:	bash
State:	S (sleeping)
SleepAVG:	98%
Tgid:	3081
Pid:	3081
PPid:	3080
TracerPid:	0
Uid:	500	500	500	500
Gid:	500	500	500	500
FDSize:	256
Groups:	500 
VmPeak:	   66080 kB
VmSize:	   66080 kB
VmLck:	       0 kB
VmHWM:	    1620 kB
VmRSS:	    1620 kB
VmData:	     364 kB
VmStk:	      84 kB
VmExe:	     712 kB
VmLib:	    1460 kB
VmPTE:	      48 kB
StaBrk:	0d57f000 kB
Brk:	0d5a1000 kB
StaStk:	7fff4e04a5b0 kB
Threads:	1
SigQ:	0/71680
Cpus_allowed:	00000000,00000000,00000000,00000000,00000000,00000000,00000000,00000003
Mems_allowed:	1
`

// A sleep(1) on Linux 6.x with every Vm line: statm read at the same time
// said "730 436 409 5 0 89 0" (pages of 4 KiB).
const pidStatusFull = `Name:	sleep
State:	S (sleeping)
Tgid:	4581
PPid:	4579
Uid:	0	0	0	0
Gid:	0	0	0	0
VmPeak:	    2920 kB
VmSize:	    2920 kB
VmLck:	       0 kB
VmPin:	       0 kB
VmHWM:	    1744 kB
VmRSS:	    1744 kB
RssAnon:	     108 kB
RssFile:	    1636 kB
RssShmem:	       0 kB
VmData:	     224 kB
VmStk:	     132 kB
VmExe:	      20 kB
VmLib:	    1528 kB
VmPTE:	      44 kB
VmSwap:	       0 kB
HugetlbPages:	       0 kB
Threads:	1
voluntary_ctxt_switches:	1
nonvoluntary_ctxt_switches:	1
`

func TestParsePidStatus(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want PidStatus
	}{
		{"sleeping process", pidStatusSleep, PidStatus{
			State: 'S', Tgid: 16201, Ppid: 1, Uids: [3]int{1000, 1001, 1002}, Gids: [3]int{100, 101, 102}, Threads: 1,
			VmPeak: 2500, VmSize: 2500, VmRSS: 1560, VmData: 224, VmHWM: 1560, RssAnon: 92, RssFile: 1468, RssShmem: 4, VmSwap: 12, Hugetlb: 2048,
			Voluntary: 17, Involuntary: 3,
			Has: PidStatusState | PidStatusTgid | PidStatusPpid | PidStatusUid | PidStatusGid | PidStatusThreads | PidStatusCtxt}},
		{"every Vm line", pidStatusFull, PidStatus{
			State: 'S', Tgid: 4581, Ppid: 4579, Threads: 1,
			VmPeak: 2920, VmSize: 2920, VmHWM: 1744, VmRSS: 1744, RssAnon: 108, RssFile: 1636, VmData: 224, VmStk: 132, VmExe: 20, VmLib: 1528,
			Voluntary: 1, Involuntary: 1,
			Has: PidStatusState | PidStatusTgid | PidStatusPpid | PidStatusUid | PidStatusGid | PidStatusThreads | PidStatusCtxt | PidStatusVm}},
		{"zombie", pidStatusZombie, PidStatus{
			State: 'Z', Tgid: 16364, Ppid: 16323, Threads: 1, Voluntary: 1,
			Has: PidStatusState | PidStatusTgid | PidStatusPpid | PidStatusUid | PidStatusGid | PidStatusThreads | PidStatusCtxt}},
		{"Linux 2.6.18", pidStatusOld, PidStatus{
			State: 'S', Tgid: 3081, Ppid: 3080, Uids: [3]int{500, 500, 500}, Gids: [3]int{500, 500, 500}, Threads: 1,
			VmPeak: 66080, VmSize: 66080, VmHWM: 1620, VmRSS: 1620, VmData: 364, VmStk: 84, VmExe: 712, VmLib: 1460,
			Has: PidStatusState | PidStatusTgid | PidStatusPpid | PidStatusUid | PidStatusGid | PidStatusThreads}},
		{"empty", "", PidStatus{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePidStatus([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParsePidStatusErrors(t *testing.T) {
	for name, in := range map[string]string{
		"bad uid":     "Uid:\t0\tx\t0\t0\n",
		"short uid":   "Uid:\t0\t0\n",
		"bad threads": "Threads:\tmany\n",
		"bad VmHWM":   "VmHWM:\t  kB\n",
	} {
		if _, err := ParsePidStatus([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("%s: err = %v, want ErrFileParse", name, err)
		}
	}
}

func TestPidStatusValue(t *testing.T) {
	tests := []struct {
		key, want string
		ok        bool
	}{
		{"Cpus_allowed_list", "0-1", true},
		{"Name", "sleep", true},
		{"Groups", "", true},
		{"Cpus_allowed", "3", true},
		{"Missing", "", false},
	}
	for _, tt := range tests {
		got, ok := PidStatusValue([]byte(pidStatusSleep), tt.key)
		if string(got) != tt.want || ok != tt.ok {
			t.Errorf("PidStatusValue(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
		}
	}
}

func BenchmarkParsePidStatus(b *testing.B) {
	in := []byte(pidStatusSleep)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePidStatus(in); err != nil {
			b.Fatal(err)
		}
	}
}
