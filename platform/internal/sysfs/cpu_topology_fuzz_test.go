package sysfs

import (
	"testing"
)

func FuzzParseCPUList(f *testing.F) {
	addFixtures(f, []string{"sys/devices/system/cpu/online", "sys/devices/system/cpu/possible", "sys/devices/system/cpu/*/topology/*_list", "proc/*/status"},
		"0-3,8,10-11\n", " 0,,2 ,\n", "3-1", "0-", "-1", "1-2-3", "0-9223372036854775807", "0-2147483647,0-2147483647",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		cpus, err := ParseCPUList(b)
		n, err2 := CountCPUList(b)
		if (err == nil) != (err2 == nil) {
			t.Fatalf("ParseCPUList error %v, CountCPUList error %v", err, err2)
		}
		if err != nil {
			return
		}
		if n != len(cpus) {
			t.Fatalf("CountCPUList = %d, ParseCPUList gave %d CPUs", n, len(cpus))
		}
		for _, c := range cpus {
			if c < 0 {
				t.Fatalf("negative CPU %d in %v", c, cpus)
			}
		}
	})
}

// A corrupt list naming an absurd CPU is an error, not a list of
// billions of CPUs (a seed of FuzzParseCPUList: the process ran out of
// memory).
func TestParseCPUListHugeRange(t *testing.T) {
	for _, in := range []string{"0-9223372036854775807", "65536", "0-65536", "0-2147483647,0-2147483647"} {
		if cpus, err := ParseCPUList([]byte(in)); err == nil {
			t.Errorf("ParseCPUList(%q) gave %d CPUs, want an error", in, len(cpus))
		}
		if n, err := CountCPUList([]byte(in)); err == nil {
			t.Errorf("CountCPUList(%q) = %d, want an error", in, n)
		}
	}
	if n, err := CountCPUList([]byte("0-65535")); err != nil || n != 65536 {
		t.Errorf("CountCPUList(0-65535) = %d, %v", n, err)
	}
}
