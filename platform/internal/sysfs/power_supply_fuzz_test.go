package sysfs

import (
	"strings"
	"testing"
)

func FuzzPowerSupplyBattery(f *testing.F) {
	addNames(f, "sys/class/power_supply", "AC\nBAT1\nBAT0\nhidpp_battery_0", "BATTERY\nbat", "\u0130battery")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ns := names(b)
		got := PowerSupplyBattery(ns)
		if got == "" {
			return
		}
		found := false
		for _, n := range ns {
			if n == got {
				found = true
			}
		}
		if !found || !(strings.HasPrefix(got, "BAT") || strings.Contains(strings.ToLower(got), "battery")) {
			t.Fatalf("PowerSupplyBattery(%q) = %q", ns, got)
		}
	})
}
