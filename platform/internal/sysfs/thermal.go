package sysfs

import (
	"slices"
	"strings"
)

// ThermalZones returns the entries of /sys/class/thermal that psutil reads
// as zones (the glob "thermal_zone*"), sorted; cooling_device* are not.
func ThermalZones(names []string) []string {
	var zones []string
	for _, n := range names {
		if strings.HasPrefix(n, "thermal_zone") {
			zones = append(zones, n)
		}
	}
	slices.Sort(zones)
	return zones
}

// ThermalTripPoints returns the trip points of a thermal zone from its entry
// names, sorted: psutil globs "trip_point*" and keeps the first three
// underscore-separated parts, so trip_point_0_type, trip_point_0_temp and
// trip_point_0_hyst are the one trip point "trip_point_0"
// (Documentation/driver-api/thermal/sysfs-api.rst).
func ThermalTripPoints(names []string) []string {
	var trips []string
	for _, n := range names {
		if !strings.HasPrefix(n, "trip_point") {
			continue
		}
		end, seps := len(n), 0
		for i := 0; i < len(n); i++ {
			if n[i] == '_' {
				if seps++; seps == 3 {
					end = i
					break
				}
			}
		}
		trips = append(trips, n[:end])
	}
	slices.Sort(trips)
	return slices.Compact(trips)
}
