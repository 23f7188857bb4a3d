package sysfs

import (
	"slices"
	"strings"
	"testing"
)

func FuzzThermal(f *testing.F) {
	addNames(f, "sys/class/thermal", "thermal_zone1\nthermal_zone0\ncooling_device0")
	addNames(f, "sys/class/thermal/*", "trip_point_0_temp\ntrip_point_0_type\ntrip_point\ntrip_point_\ntrip_point__")
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		zones := ThermalZones(names(b))
		if !slices.IsSorted(zones) {
			t.Fatalf("zones %q not sorted", zones)
		}
		trips := ThermalTripPoints(names(b))
		if !slices.IsSorted(trips) {
			t.Fatalf("trip points %q not sorted", trips)
		}
		for _, tp := range trips {
			if !strings.HasPrefix(tp, "trip_point") || strings.Count(tp, "_") > 2 {
				t.Fatalf("trip point %q", tp)
			}
		}
	})
}
