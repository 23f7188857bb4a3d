package sysfs

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func FuzzParsePyFloat(f *testing.F) {
	addFixtures(f, []string{"sys/class/hwmon/*/*_input", "sys/class/hwmon/*/*_crit", "sys/class/hwmon/*/*_max", "sys/class/thermal/*/temp", "sys/class/thermal/*/trip_point_*_temp"},
		"45000\n", "-inf", "+NaN", "1_000", "1__0", "_1", "1_", "0x1p3", "1e999", ".5", "5.", "\v\f 1 \r",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		v, err := ParsePyFloat(b)
		if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
			return
		}
		if again, err := ParsePyFloat([]byte(strconv.FormatFloat(v, 'g', -1, 64))); err != nil || again != v {
			t.Fatalf("round trip of %v gave %v, %v", v, again, err)
		}
	})
}

func FuzzParsePyInt(f *testing.F) {
	addFixtures(f, []string{"sys/class/hwmon/*/*_input", "sys/class/power_supply/*/*_now", "sys/class/power_supply/*/capacity", "sys/class/power_supply/*/online"},
		"1_000", "1__0", "_1", "1_", "-0", "+_1", " \t42\n",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		v, err := ParsePyInt(b)
		if err != nil {
			return
		}
		if again, err := ParsePyInt([]byte(strconv.FormatInt(v, 10))); err != nil || again != v {
			t.Fatalf("round trip of %d gave %d, %v", v, again, err)
		}
	})
}

func FuzzTrimPySpace(f *testing.F) {
	addFixtures(f, []string{"sys/class/hwmon/*/name", "sys/class/hwmon/*/*_label", "sys/class/thermal/*/type", "sys/class/power_supply/*/type"},
		"\x1c coretemp \x1f", "\u00a0x\u2028", "\u0085",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		s := TrimPySpace(string(b))
		if !strings.Contains(string(b), s) {
			t.Fatalf("TrimPySpace(%q) = %q, not a part of it", b, s)
		}
		if TrimPySpace(s) != s {
			t.Fatalf("TrimPySpace(%q) = %q, which trims further", b, s)
		}
	})
}

func FuzzHwmonSensorBases(f *testing.F) {
	addNames(f, "sys/class/hwmon/*", "temp1_input\ntemp1_label\ntemp10_max\nfan_\n_temp")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		for _, kind := range []string{"temp", "fan", ""} {
			bases := HwmonSensorBases(names(b), kind)
			if !slices.IsSorted(bases) {
				t.Fatalf("bases %q not sorted", bases)
			}
			for _, base := range bases {
				if !strings.HasPrefix(base, kind) {
					t.Fatalf("base %q is not a %q sensor", base, kind)
				}
			}
		}
	})
}
