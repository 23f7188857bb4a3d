package procfs

import (
	"errors"
	"reflect"
	"testing"
)

// Two sockets of 2 cores x 2 threads, trimmed to the keys that matter.
const cpuinfoTwoSockets = `processor	: 0
cpu MHz		: 2699.998
physical id	: 0
siblings	: 4
core id		: 0
cpu cores	: 2

processor	: 1
cpu MHz		: 1895.503
physical id	: 0
siblings	: 4
core id		: 1
cpu cores	: 2

processor	: 2
cpu MHz		: 800.012
physical id	: 1
siblings	: 4
core id		: 0
cpu cores	: 2

processor	: 3
cpu MHz		: 3100.001
physical id	: 1
siblings	: 4
core id		: 1
cpu cores	: 2

`

const cpuinfoARM = `processor	: 0
BogoMIPS	: 108.00
Features	: fp asimd evtstrm crc32 cpuid
CPU part	: 0xd08

processor	: 1
BogoMIPS	: 108.00
Features	: fp asimd evtstrm crc32 cpuid
CPU part	: 0xd08

Hardware	: BCM2835
Model		: Raspberry Pi 4 Model B Rev 1.1
`

func TestCPUInfoFreqs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []float64
	}{
		{"x86 cpu MHz", cpuinfoTwoSockets, []float64{2699.998, 1895.503, 800.012, 3100.001}},
		// psutil's test_cpuinfo_freq_ppc and test_cpuinfo_freq_s390x.
		{"powerpc clock with MHz suffix", "clock\t\t: 2750.000000MHz\nclock\t\t: 2500.000000MHz\n", []float64{2750, 2500}},
		{"s390x dynamic, not static", "cpu MHz dynamic : 5200\ncpu MHz static  : 5000\ncpu MHz dynamic : 5100\ncpu MHz static  : 5000\n", []float64{5200, 5100}},
		{"arm has none", cpuinfoARM, []float64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CPUInfoFreqs([]byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := CPUInfoFreqs([]byte("cpu MHz : fast\n"), nil); !errors.Is(err, ErrFileParse) {
		t.Errorf("bad MHz: err = %v, want ErrFileParse", err)
	}
}

func TestCPUInfoProcessors(t *testing.T) {
	for _, tt := range []struct {
		name string
		in   string
		want int
	}{{"x86", cpuinfoTwoSockets, 4}, {"arm", cpuinfoARM, 2}, {"empty", "", 0}} {
		if got := CPUInfoProcessors([]byte(tt.in)); got != tt.want {
			t.Errorf("%s: got %d, want %d", tt.name, got, tt.want)
		}
	}
}

func TestCPUInfoCores(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"two sockets of two cores", cpuinfoTwoSockets, 4},
		{"arm has no physical id", cpuinfoARM, 0},
		// psutil counts a block once a blank line closes it.
		{"last block not closed", "physical id\t: 0\ncpu cores\t: 8\n", 0},
		{"one socket seen twice", "physical id : 0\ncpu cores : 2\n\nphysical id : 0\ncpu cores : 2\n\n", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := CPUInfoCores([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %d, want %d", got, tt.want)
			}
		})
	}
	if _, err := CPUInfoCores([]byte("physical id\t: zero\n\n")); !errors.Is(err, ErrFileParse) {
		t.Errorf("bad physical id: err = %v, want ErrFileParse", err)
	}
}
