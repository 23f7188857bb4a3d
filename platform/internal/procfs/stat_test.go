package procfs

import (
	"errors"
	"reflect"
	"testing"
)

const statModern = `cpu  3948 0 1919 152824 323 0 55 10 0 0
cpu0 1787 0 859 76888 29 0 16 3 0 0
cpu1 2160 0 1059 75935 294 0 39 7 0 0
intr 239790 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1 1 14 0 0 0 0 159 30
ctxt 440616
btime 1795604172
processes 10998
procs_running 3
procs_blocked 0
softirq 116343 0 16979 6 776 35206 0 41 34183 0 29152
`

// Linux 2.6.9 (Red Hat Enterprise Linux 4's documentation): seven columns,
// no softirq line.
const statLinux26_9 = `cpu  259246 7001 60190 34250993 137517 772 0
cpu0 259246 7001 60190 34250993 137517 772 0
intr 354133732 347209999 2272 0 4 4 0 0 3 1 1249247 0 0 80143 0 422626 5169433
ctxt 12547729
btime 1093631447
processes 130523
procs_running 1
procs_blocked 0
preempt 5651840
`

// Linux 2.6.18 (RHEL 5) under Xen: eight columns, steal but no guest.
const statLinux26_18 = `cpu  2255 34 2290 22625563 6290 127 456 312
cpu0 1132 34 1441 11311718 3675 127 438 160
cpu1 1123 0 849 11313845 2614 0 18 152
intr 114930548 113199788 3 0 5 263 0 4
ctxt 1990473
btime 1062191376
`

func TestParseStatCPU(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want CPUStat
	}{
		{"modern kernel, ten columns", statModern,
			CPUStat{User: 3948, System: 1919, Idle: 152824, Iowait: 323, Softirq: 55, Steal: 10, Columns: 10}},
		{"linux 2.6.9, seven columns", statLinux26_9,
			CPUStat{User: 259246, Nice: 7001, System: 60190, Idle: 34250993, Iowait: 137517, Irq: 772, Columns: 7}},
		{"linux 2.6.18, eight columns", statLinux26_18,
			CPUStat{User: 2255, Nice: 34, System: 2290, Idle: 22625563, Iowait: 6290, Irq: 127, Softirq: 456, Steal: 312, Columns: 8}},
		{"future kernel with an eleventh column", "cpu  1 2 3 4 5 6 7 8 9 10 11\n",
			CPUStat{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10}},
		{"guest columns", "cpu  1393280 32966 572056 13343292 6130 0 17875 0 23933 7\n",
			CPUStat{User: 1393280, Nice: 32966, System: 572056, Idle: 13343292, Iowait: 6130, Softirq: 17875, Guest: 23933, GuestNice: 7, Columns: 10}},
		{"no trailing newline", "cpu 1 2 3 4", CPUStat{User: 1, Nice: 2, System: 3, Idle: 4, Columns: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatCPU([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseStatCPUErrors(t *testing.T) {
	for _, in := range []string{"", "intr 1 2\n", "cpu  1 2 3\n", "cpu  1 2 x 4\n", "cpu  1 2 -3 4\n"} {
		if _, err := ParseStatCPU([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParseStatCPU(%q) = %v, want ErrFileParse", in, err)
		}
	}
}

func TestParseStatPerCPU(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []CPUStat
	}{
		{"two CPUs", statModern, []CPUStat{
			{User: 1787, System: 859, Idle: 76888, Iowait: 29, Softirq: 16, Steal: 3, Columns: 10},
			{User: 2160, System: 1059, Idle: 75935, Iowait: 294, Softirq: 39, Steal: 7, Columns: 10},
		}},
		{"linux 2.6.18", statLinux26_18, []CPUStat{
			{User: 1132, Nice: 34, System: 1441, Idle: 11311718, Iowait: 3675, Irq: 127, Softirq: 438, Steal: 160, Columns: 8},
			{User: 1123, System: 849, Idle: 11313845, Iowait: 2614, Softirq: 18, Steal: 152, Columns: 8},
		}},
		{"no per-CPU lines", "cpu  1 2 3 4\nctxt 5\n", []CPUStat{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatPerCPU([]byte(tt.in), make([]CPUStat, 3))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if _, err := ParseStatPerCPU([]byte("cpu  1 2 3 4\ncpu0 1 2\n"), nil); !errors.Is(err, ErrFileParse) {
		t.Errorf("short cpu0 line: err = %v, want ErrFileParse", err)
	}
}

func TestCountStatCPUs(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{{statModern, 2}, {statLinux26_9, 1}, {"cpu  1 2 3 4\n", 0}, {"", 0}} {
		if got := CountStatCPUs([]byte(tt.in)); got != tt.want {
			t.Errorf("CountStatCPUs(%.20q...) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestParseStatCounters(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want StatCounters
	}{
		{"modern kernel", statModern, StatCounters{Ctxt: 440616, Intr: 239790, Softirq: 116343}},
		{"kernel before 2.6.31 has no softirq line", statLinux26_9, StatCounters{Ctxt: 12547729, Intr: 354133732}},
		{"empty", "", StatCounters{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseStatCounters([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	if _, err := ParseStatCounters([]byte("ctxt many\n")); !errors.Is(err, ErrFileParse) {
		t.Errorf("bad ctxt: err = %v, want ErrFileParse", err)
	}
}

func TestParseStatBtime(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want uint64
	}{{statModern, 1795604172}, {statLinux26_9, 1093631447}} {
		got, err := ParseStatBtime([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("ParseStatBtime = %d, %v; want %d", got, err, tt.want)
		}
	}
	for _, in := range []string{"cpu  1 2 3 4\n", "btime soon\n"} {
		if _, err := ParseStatBtime([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParseStatBtime(%q) err = %v, want ErrFileParse", in, err)
		}
	}
}

func BenchmarkParseStatPerCPU(b *testing.B) {
	b.ReportAllocs()
	in := []byte(statModern)
	dst := make([]CPUStat, 0, 8)
	for b.Loop() {
		dst, _ = ParseStatPerCPU(in, dst)
	}
}
