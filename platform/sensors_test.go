//go:build linux

package platform

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

func sensorsF(v float64) *float64 { return &v }

func sensorsJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func TestSensorsTemperatures(t *testing.T) {
	f := sensorsF
	tests := []struct {
		name       string
		fixture    string
		fahrenheit bool
		want       map[string][]Temperature
	}{
		{
			name:    "coretemp with labels, acpitz and nvme; thermal zones unused",
			fixture: "sensors-temps-coretemp",
			want: map[string][]Temperature{
				"coretemp": {
					{"Package id 0", 45, f(84), f(100)},
					{"Core 0", 43, f(84), f(100)},
					{"Core 1", 44, f(84), f(100)},
				},
				// no temp1_max: high takes critical's value
				"acpitz": {{"", 27.8, f(119), f(119)}},
				// nvme's placeholder max of 65261.85 °C is passed on, as psutil does
				"nvme": {
					{"Composite", 43.85, f(84.85), f(94.85)},
					{"Sensor 1", 43.85, f(65261.85), f(65261.85)},
					{"Sensor 2", 45.85, f(65261.85), f(65261.85)},
				},
			},
		},
		{
			name:       "coretemp in fahrenheit",
			fixture:    "sensors-temps-coretemp",
			fahrenheit: true,
			want: map[string][]Temperature{
				"coretemp": {
					{"Package id 0", 113, f(183.2), f(212)},
					{"Core 0", 109.4, f(183.2), f(212)},
					{"Core 1", 111.2, f(183.2), f(212)},
				},
				"acpitz": {{"", 82.04, f(246.2), f(246.2)}},
				"nvme": {
					{"Composite", 110.93, f(184.73), f(202.73)},
					{"Sensor 1", 110.93, f(117503.33), f(117503.33)},
					{"Sensor 2", 114.53, f(117503.33), f(117503.33)},
				},
			},
		},
		{
			// hwmon10 sorts before hwmon2; hwmon2 keeps its files in
			// device/; iwlwifi_1 cannot be read and hwmon4 has no name
			// file, so both are skipped.
			name:    "no labels, device/ layout, unreadable sensors",
			fixture: "sensors-temps-nolabels",
			want: map[string][]Temperature{
				"acpitz": {
					{"", 27.8, f(119), f(119)},
					{"", 29.8, f(119), f(119)},
					{"", 30.8, f(105), f(105)},
				},
				"pch_cannonlake": {{"", 40, nil, nil}},
				"nct6775": {
					// a high of 0.0 is false to Python: not copied
					{"", 121, f(0), nil},
					// temp2_crit is empty: None, then high's value
					{"", 38, f(80), f(80)},
				},
			},
		},
		{
			name:       "no labels in fahrenheit: 0 °C becomes a true 32 °F",
			fixture:    "sensors-temps-nolabels",
			fahrenheit: true,
			want: map[string][]Temperature{
				"acpitz": {
					{"", 82.04, f(246.2), f(246.2)},
					{"", 85.64, f(246.2), f(246.2)},
					{"", 87.44, f(221), f(221)},
				},
				"pch_cannonlake": {{"", 104, nil, nil}},
				"nct6775": {
					{"", 249.8, f(32), f(32)},
					{"", 100.4, f(176), f(176)},
				},
			},
		},
		{
			// thermal_zone2 has three trip points; psutil may divide its
			// critical value by 1000 more than once (psutil #2439).
			name:    "thermal zones when hwmon has no sensors",
			fixture: "sensors-temps-thermal",
			want: map[string][]Temperature{
				"acpitz": {
					{"", 27.8, f(119), f(119)},
					{"", 40, f(105), f(105)},
				},
				"x86_pkg_temp": {{"", 45, nil, nil}},
			},
		},
		{
			name:    "coretemp only under devices/platform: nothing, no thermal fallback",
			fixture: "sensors-temps-coretemp-platform",
			want:    map[string][]Temperature{},
		},
		{
			name:    "battery only",
			fixture: "sensors-battery-charging",
			want:    map[string][]Temperature{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fixture(t, tt.fixture).SensorsTemperatures(tt.fahrenheit)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %s\nwant %s", sensorsJSON(got), sensorsJSON(tt.want))
			}
		})
	}
}

func TestSensorsFans(t *testing.T) {
	tests := []struct {
		name    string
		fixture string
		want    map[string][]Fan
	}{
		{
			// nct6779's fan1 has no fan1_input; hwmon4/device/ is not
			// looked at because hwmon*/ has fans.
			name:    "fans with and without labels",
			fixture: "sensors-fans",
			want: map[string][]Fan{
				"dell_smm": {{"Processor Fan", 2998}, {"Video Fan", 1204}},
				"nct6779":  {{"", 1098}},
				"thinkpad": {{"", 2390}},
			},
		},
		{
			name:    "fans only in the device/ layout",
			fixture: "sensors-fans-device",
			want:    map[string][]Fan{"applesmc": {{"Left side", 0}, {"Right side", 1998}}},
		},
		{
			name:    "temperatures only",
			fixture: "sensors-temps-coretemp",
			want:    map[string][]Fan{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fixture(t, tt.fixture).SensorsFans()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %s\nwant %s", sensorsJSON(got), sensorsJSON(tt.want))
			}
		})
	}
}

func TestSensorsBattery(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name    string
		fixture string
		want    *Battery
	}{
		{
			name:    "charging on AC, a mouse battery beside",
			fixture: "sensors-battery-charging",
			want:    &Battery{98.78146224530563, POWER_TIME_UNLIMITED, &yes},
		},
		{
			// 49450000 µWh / 4830000 µW = 10.238 h
			name:    "discharging with energy_now and power_now",
			fixture: "sensors-battery-discharging-energy",
			want:    &Battery{98.78146224530563, 36857, &no},
		},
		{
			// ADP1 is not asked: status says discharging
			name:    "discharging with charge_now and current_now",
			fixture: "sensors-battery-discharging-charge",
			want:    &Battery{69.4412331406551, 9463, &no},
		},
		{
			name:    "full, plugged in as said by status",
			fixture: "sensors-battery-full",
			want:    &Battery{100, POWER_TIME_UNLIMITED, &yes},
		},
		{
			name:    "discharging with power_now 0",
			fixture: "sensors-battery-unknown-time",
			want:    &Battery{94.12704754294846, POWER_TIME_UNKNOWN, &no},
		},
		{
			name:    "only capacity, status not charging",
			fixture: "sensors-battery-capacity-only",
			want:    &Battery{88, POWER_TIME_UNKNOWN, nil},
		},
		{
			// psutil multiplies time_to_empty_now by 60
			name:    "a *battery name with capacity and time_to_empty_now",
			fixture: "sensors-battery-time-to-empty",
			want:    &Battery{74, 262 * 60, &no},
		},
		{
			name:    "energy_full 0",
			fixture: "sensors-battery-energy-full-zero",
			want:    &Battery{0, POWER_TIME_UNKNOWN, nil},
		},
		{
			name:    "AC adapter and no battery",
			fixture: "sensors-battery-none",
			want:    nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fixture(t, tt.fixture).SensorsBattery()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %s\nwant %s", sensorsJSON(got), sensorsJSON(tt.want))
			}
		})
	}
}

// TestSensorsErrors covers where psutil raises instead of skipping.
func TestSensorsErrors(t *testing.T) {
	t.Run("no power_supply directory", func(t *testing.T) {
		_, err := fixture(t, "sensors-temps-thermal").SensorsBattery()
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want a not-exist error (psutil: FileNotFoundError)", err)
		}
	})

	tree := func(t *testing.T, files map[string]string) *System {
		dir := t.TempDir()
		for name, content := range files {
			p := filepath.Join(dir, "sys", name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return New(FixtureFS(dir))
	}
	t.Run("fan speed not an integer", func(t *testing.T) {
		s := tree(t, map[string]string{
			"class/hwmon/hwmon0/name":       "it87\n",
			"class/hwmon/hwmon0/fan1_input": "1.5\n",
		})
		if _, err := s.SensorsFans(); !errors.Is(err, procfs.ErrFileParse) {
			t.Errorf("got %v, want a parse error (psutil: ValueError)", err)
		}
	})
	t.Run("fan without a name file", func(t *testing.T) {
		s := tree(t, map[string]string{"class/hwmon/hwmon0/fan1_input": "1500\n"})
		if _, err := s.SensorsFans(); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("got %v, want a not-exist error (psutil: FileNotFoundError)", err)
		}
	})
	t.Run("battery energy not an integer", func(t *testing.T) {
		s := tree(t, map[string]string{
			"class/power_supply/BAT0/energy_now":  "n/a\n",
			"class/power_supply/BAT0/energy_full": "50060000\n",
		})
		if _, err := s.SensorsBattery(); !errors.Is(err, procfs.ErrFileParse) {
			t.Errorf("got %v, want a parse error (psutil: TypeError)", err)
		}
	})
	t.Run("temperature not a number is skipped", func(t *testing.T) {
		s := tree(t, map[string]string{
			"class/hwmon/hwmon0/name":        "it87\n",
			"class/hwmon/hwmon0/temp1_input": "n/a\n",
			"class/hwmon/hwmon0/temp2_input": "36000\n",
			"class/hwmon/hwmon0/temp2_max":   "n/a\n",
		})
		got, err := s.SensorsTemperatures(false)
		want := map[string][]Temperature{"it87": {{"", 36, nil, nil}}}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("got %s, %v\nwant %s", sensorsJSON(got), err, sensorsJSON(want))
		}
	})
}

func BenchmarkSensorsTemperatures(b *testing.B) {
	s := New(FixtureFS(testdata("sensors-temps-coretemp")))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.SensorsTemperatures(false); err != nil {
			b.Fatal(err)
		}
	}
}
