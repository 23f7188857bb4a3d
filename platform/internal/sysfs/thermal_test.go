package sysfs

import (
	"reflect"
	"testing"
)

func TestThermalZones(t *testing.T) {
	names := []string{"cooling_device0", "thermal_zone10", "thermal_zone2", "thermal_zone0", "cooling_device1"}
	want := []string{"thermal_zone0", "thermal_zone10", "thermal_zone2"}
	if got := ThermalZones(names); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := ThermalZones([]string{"cooling_device0"}); got != nil {
		t.Errorf("got %q, want none", got)
	}
}

func TestThermalTripPoints(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  []string
	}{
		{
			name: "x86_pkg_temp",
			names: []string{"type", "temp", "policy", "mode", "trip_point_1_hyst", "trip_point_0_type",
				"trip_point_0_temp", "trip_point_0_hyst", "trip_point_1_type", "trip_point_1_temp"},
			want: []string{"trip_point_0", "trip_point_1"},
		},
		{
			name:  "ten and more sort as strings",
			names: []string{"trip_point_10_temp", "trip_point_2_temp", "trip_point_10_type"},
			want:  []string{"trip_point_10", "trip_point_2"},
		},
		{
			name:  "no trip points",
			names: []string{"type", "temp"},
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ThermalTripPoints(tt.names); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
