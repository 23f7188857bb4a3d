package main

import (
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// fakeCollector sends two series of its metric, taking its time, then
// fails or not.
type fakeCollector struct {
	desc  *prometheus.Desc
	delay time.Duration
	err   error
}

func (f fakeCollector) update(ch chan<- prometheus.Metric) error {
	ch <- prometheus.MustNewConstMetric(f.desc, prometheus.GaugeValue, 1, "1")
	time.Sleep(f.delay)
	ch <- prometheus.MustNewConstMetric(f.desc, prometheus.GaugeValue, 2, "2")
	return f.err
}

// A built-in collector that fails or overruns the time limit loses all
// its series, and the others keep theirs.
func TestBuiltinFailures(t *testing.T) {
	fake := prometheus.NewDesc("fake_value", "A test value.", []string{"n"}, nil)
	other := prometheus.NewDesc("other_value", "A test value.", []string{"n"}, nil)
	cases := []struct {
		name    string
		c       fakeCollector
		success float64
		series  int
	}{
		{"succeeds", fakeCollector{desc: fake}, 1, 2},
		{"fails after sending", fakeCollector{desc: fake, err: errors.New("broken")}, 0, 0},
		{"overruns the time limit", fakeCollector{desc: fake, delay: 2 * time.Second}, 0, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var log syncBuffer
			e := &exporter{
				builtins: []namedCollector{{"fake", c.c}, {"other", fakeCollector{desc: other}}},
				lua:      &luaCollectors{},
				timeout:  500 * time.Millisecond,
				logger:   slog.New(slog.NewTextHandler(&log, nil)),
			}
			reg := prometheus.NewRegistry()
			reg.MustRegister(e)
			start := time.Now()
			mfs, err := reg.Gather()
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d > 1500*time.Millisecond {
				t.Errorf("the scrape took %v", d)
			}
			count := map[string]int{}
			success := map[string]float64{}
			for _, mf := range mfs {
				count[mf.GetName()] = len(mf.GetMetric())
				if mf.GetName() == "psulua_collector_success" {
					for _, m := range mf.GetMetric() {
						success[m.GetLabel()[0].GetValue()] = m.GetGauge().GetValue()
					}
				}
			}
			if count["fake_value"] != c.series || count["other_value"] != 2 {
				t.Errorf("%d fake_value and %d other_value series, want %d and 2", count["fake_value"], count["other_value"], c.series)
			}
			if success["fake"] != c.success || success["other"] != 1 {
				t.Errorf("success %v, want fake %v and other 1; log:\n%s", success, c.success, log.String())
			}
			if c.success == 0 && !strings.Contains(log.String(), "collector=fake") {
				t.Errorf("the log does not name the collector:\n%s", log.String())
			}
		})
	}
}
