package main

import (
	"bytes"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/psulua/psulua/platform"
)

// fixtureScrape scrapes the hwmon and powersupplyclass collectors over a
// fixture tree of testdata/ (hardware this machine may lack).
func fixtureScrape(t *testing.T, fixture string) samples {
	t.Helper()
	var out bytes.Buffer
	c, _ := parseArgs([]string{"--collector.disable-defaults", "--collector.hwmon", "--collector.powersupplyclass"}, &out, &out)
	if c == nil {
		t.Fatal(out.String())
	}
	log := &syncBuffer{}
	h, closeFn, err := newHandler(c, platform.New(platform.FixtureFS("../../testdata/"+fixture)), slog.New(slog.NewTextHandler(log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	s := parseSamples(t, rec.Body)
	for _, c := range []string{"hwmon", "powersupplyclass"} {
		if s[`psulua_collector_success{collector="`+c+`"}`] != 1 {
			t.Errorf("collector %s failed: %s", c, log.String())
		}
	}
	return s
}

// The sensor series over fixtures of psutil's sensors tests: the chip is
// psutil's sensor name, the sensor its label or its position.
func TestSensorsFixtures(t *testing.T) {
	cases := []struct {
		fixture string
		want    map[string]float64
		absent  []string
	}{
		{"sensors-temps-coretemp", map[string]float64{
			`node_hwmon_temp_celsius{chip="coretemp",sensor="Core 0"}`:      43,
			`node_hwmon_temp_max_celsius{chip="coretemp",sensor="Core 0"}`:  84,
			`node_hwmon_temp_crit_celsius{chip="coretemp",sensor="Core 0"}`: 100,
			`node_hwmon_temp_celsius{chip="acpitz",sensor="temp1"}`:         27.8,
		}, nil},
		{"sensors-temps-nolabels", map[string]float64{
			`node_hwmon_temp_celsius{chip="acpitz",sensor="temp1"}`: 27.8,
			`node_hwmon_temp_celsius{chip="acpitz",sensor="temp3"}`: 30.8,
		}, nil},
		{"sensors-fans", map[string]float64{
			`node_hwmon_fan_rpm{chip="dell_smm",sensor="Processor Fan"}`: 2998,
			`node_hwmon_fan_rpm{chip="thinkpad",sensor="fan1"}`:          2390,
		}, nil},
		{"sensors-battery-charging", map[string]float64{
			`node_power_supply_online{power_supply="BAT"}`: 1,
		}, []string{`psulua_power_supply_seconds_left{power_supply="BAT"}`}},
		{"sensors-battery-discharging-energy", map[string]float64{
			`psulua_power_supply_seconds_left{power_supply="BAT"}`: 36857,
		}, nil},
		{"sensors-battery-none", nil, []string{`node_power_supply_capacity{power_supply="BAT"}`}},
	}
	for _, c := range cases {
		t.Run(c.fixture, func(t *testing.T) {
			s := fixtureScrape(t, c.fixture)
			for k, v := range c.want {
				if got, ok := s[k]; !ok || got != v {
					t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
				}
			}
			for _, k := range c.absent {
				if _, ok := s[k]; ok {
					t.Errorf("%s is there", k)
				}
			}
		})
	}
}
