package sysfs

import (
	"bytes"
	"strconv"
	"testing"
)

func FuzzParseAffectedCPUs(f *testing.F) {
	addFixtures(f, []string{"sys/devices/system/cpu/cpufreq/*/affected_cpus", "sys/devices/system/cpu/*/cpufreq/affected_cpus"},
		"0 1 2 3\n", "0 x\n", "-1\n", "  \t\n",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		cpus, err := ParseAffectedCPUs(b)
		if err != nil {
			return
		}
		if len(cpus) != len(bytes.Fields(b)) {
			t.Fatalf("%d CPUs from %d fields", len(cpus), len(bytes.Fields(b)))
		}
		for _, c := range cpus {
			if c < 0 {
				t.Fatalf("negative CPU %d", c)
			}
		}
	})
}

func FuzzParseKHz(f *testing.F) {
	addFixtures(f, []string{"sys/devices/system/cpu/cpufreq/*/*_freq", "sys/devices/system/cpu/*/cpufreq/*_freq"},
		"1219917\n", "<unknown>\n", " 800000 ",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		v, err := ParseKHz(b)
		if err != nil {
			return
		}
		if again, err := ParseKHz([]byte(strconv.FormatInt(v, 10))); err != nil || again != v {
			t.Fatalf("round trip of %d gave %d, %v", v, again, err)
		}
	})
}
