package procfs

import (
	"errors"
	"reflect"
	"testing"
)

func TestParsePidStat(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want PidStat
	}{
		{"sleeping process",
			"16201 (sleep) S 1 16198 9231 0 -1 4194304 196 0 3 0 7 2 5 1 20 0 1 0 152279 2560000 351 18446744073709551615 94907273494528 94907273512457 140733485448640 0 0 0 0 6 0 1 0 0 17 1 0 0 12 0 0 94907273526544 94907273527808 94908068159488 140733485449167 140733485449178 140733485449178 140733485449197 0\n",
			PidStat{Comm: []byte("sleep"), State: 'S', Ppid: 1, Pgrp: 16198, Session: 9231, Flags: 4194304, Minflt: 196, Majflt: 3,
				Utime: 7, Stime: 2, Cutime: 5, Cstime: 1, Priority: 20, NumThreads: 1, Starttime: 152279, Vsize: 2560000,
				Rss: 351, Processor: 1, BlkioTicks: 12, Fields: 40}},
		{"name with spaces, parentheses and a newline",
			"16365 (a b) (c\n) S 16323 16318 9231 34816 -1 4194304 75 0 0 0 0 0 0 0 20 5 1 0 153138 2990080 393 18446744073709551615 94365289480192 94365289498121 140735046630128 0 0 0 0 0 0 1 0 0 17 0 0 0 0 0 0 94365289512208 94365289513472 94365800648704 140735046633736 140735046633760 140735046633760 140735046635493 0\n",
			PidStat{Comm: []byte("a b) (c\n"), State: 'S', Ppid: 16323, Pgrp: 16318, Session: 9231, TtyNr: 34816, Flags: 4194304, Minflt: 75,
				Priority: 20, Nice: 5, NumThreads: 1, Starttime: 153138, Vsize: 2990080, Rss: 393, Fields: 40}},
		{"zombie",
			"16364 (python3) Z 16323 16318 9231 0 -1 4227148 224 0 0 0 0 0 0 0 20 0 1 0 153108 0 0 18446744073709551615 0 0 0 0 0 0 0 16781312 2 1 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 768\n",
			PidStat{Comm: []byte("python3"), State: 'Z', Ppid: 16323, Pgrp: 16318, Session: 9231, Flags: 4227148, Minflt: 224,
				Priority: 20, NumThreads: 1, Starttime: 153108, Processor: 1, Fields: 40}},
		{"kernel thread",
			"2 (kthreadd) S 0 0 0 0 -1 2129984 0 0 0 0 0 0 0 0 20 0 1 0 22 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 1 0 0 0 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
			PidStat{Comm: []byte("kthreadd"), State: 'S', Flags: 2129984, Priority: 20, NumThreads: 1, Starttime: 22, Processor: 1, Fields: 40}},
		{"old kernel without delayacct_blkio_ticks (psutil gh-2455)",
			"4500 (sleep) S 1 16198 9231 0 -1 4194304 196 0 0 0 3 4 0 0 20 0 1 0 155280 2560000 389 18446744073709551615 94907273494528 94907273512457 140733485448640 0 0 0 0 6 0 1 0 0 17 1 0 0\n",
			PidStat{Comm: []byte("sleep"), State: 'S', Ppid: 1, Pgrp: 16198, Session: 9231, Flags: 4194304, Minflt: 196, Utime: 3, Stime: 4,
				Priority: 20, NumThreads: 1, Starttime: 155280, Vsize: 2560000, Rss: 389, Processor: 1, Fields: 39}},
		{"empty name", "7 () R 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 -5 3 0 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2 0 0 9\n",
			PidStat{Comm: []byte{}, State: 'R', Ppid: 1, Pgrp: 1, Session: 1, Priority: 20, Nice: -5, NumThreads: 3,
				Starttime: 100, Processor: 2, BlkioTicks: 9, Fields: 40}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePidStat([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			state, start, ppid, err := ParsePidStatStart([]byte(tt.in))
			if err != nil || state != tt.want.State || start != tt.want.Starttime || ppid != tt.want.Ppid {
				t.Errorf("ParsePidStatStart = %c %d %d %v, want %c %d %d", state, start, ppid, err,
					tt.want.State, tt.want.Starttime, tt.want.Ppid)
			}
		})
	}
}

func TestParsePidStatErrors(t *testing.T) {
	for name, in := range map[string]string{
		"empty":            "",
		"no parentheses":   "12 sleep S 1",
		"truncated":        "12 (sleep) S 1 2 3",
		"not a number":     "12 (sleep) S x 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2 0 0 9",
		"two-letter state": "12 (sleep) SS 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 100 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2 0 0 9",
	} {
		if _, err := ParsePidStat([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("%s: err = %v, want ErrFileParse", name, err)
		}
	}
	if _, _, _, err := ParsePidStatStart([]byte("12 (sleep) S 1 2")); !errors.Is(err, ErrFileParse) {
		t.Errorf("ParsePidStatStart of a truncated line: err = %v", err)
	}
}

func BenchmarkParsePidStat(b *testing.B) {
	in := []byte("16201 (sleep) S 1 16198 9231 0 -1 4194304 196 0 0 0 0 0 0 0 20 0 1 0 152279 2560000 351 18446744073709551615 94907273494528 94907273512457 140733485448640 0 0 0 0 6 0 1 0 0 17 0 0 0 0 0 0 94907273526544 94907273527808 94908068159488 140733485449167 140733485449178 140733485449178 140733485449197 0\n")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParsePidStat(in); err != nil {
			b.Fatal(err)
		}
	}
}
