package sysfs

import "testing"

func TestPowerSupplyBattery(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		want  string
	}{
		{"laptop", []string{"AC", "BAT0"}, "BAT0"},
		{"two batteries", []string{"BAT1", "AC", "BAT0"}, "BAT0"},
		{"BAT before a mouse battery", []string{"hidpp_battery_0", "BAT0", "AC"}, "BAT0"},
		{"battery in the name, any case", []string{"ADP1", "CMB0", "axp20x-Battery"}, "axp20x-Battery"},
		{"upper case sorts first", []string{"cw2015-battery", "BATT"}, "BATT"},
		{"no battery", []string{"AC", "ucsi-source-psy-USBC000:001"}, ""},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PowerSupplyBattery(tt.names); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
