package main

import (
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// A collector reads one family of values at each scrape and sends them as
// const metrics: nothing is kept between scrapes.
type collector interface {
	update(ch chan<- prometheus.Metric) error
}

// builtin is a built-in collector, enabled by default, with the name of its
// --[no-]collector.NAME flag (node_exporter's collector of the same
// metrics has the same name).
type builtin struct {
	name string
	new  func(c *config, sys *platform.System) collector
}

// builtins lists the built-in collectors; each lives in its own file.
var builtins = []builtin{
	{"cpu", newCPUCollector},
	{"meminfo", newMeminfoCollector},
	{"filesystem", newFilesystemCollector},
	{"netdev", newNetdevCollector},
	{"diskstats", newDiskstatsCollector},
	{"loadavg", newLoadavgCollector},
	{"stat", newStatCollector},
	{"hwmon", newHwmonCollector},
	{"powersupplyclass", newPowerSupplyCollector},
}

type namedCollector struct {
	name string
	c    collector
}

func newBuiltins(enabled []builtin, c *config, sys *platform.System) []namedCollector {
	out := make([]namedCollector, len(enabled))
	for i, b := range enabled {
		out[i] = namedCollector{b.name, b.new(c, sys)}
	}
	return out
}

// The exporter's report on each collector, as node_exporter's
// node_scrape_collector_{duration_seconds,success}.
var (
	collectorDurationDesc = newDesc("psulua_collector_duration_seconds",
		"psulua-exporter: how long a collector took in this scrape.", "collector")
	collectorSuccessDesc = newDesc("psulua_collector_success",
		"psulua-exporter: whether a collector succeeded in this scrape (1) or lost its series (0).", "collector")
)

// builtinNames are the metric names the built-in collectors and the
// exporter's own report use, which Lua collectors may not declare.
var builtinNames = map[string]bool{}

// newDesc builds a metric description once, and records its name.
func newDesc(name, help string, labels ...string) *prometheus.Desc {
	builtinNames[name] = true
	return prometheus.NewDesc(name, help, labels, nil)
}

// exporter is the one prometheus.Collector of the registry: it runs every
// collector concurrently at each scrape and reports how each did. It is
// unchecked (Describe sends nothing) because the Lua collectors' metrics
// are known only once their scripts ran.
type exporter struct {
	builtins []namedCollector
	lua      *luaCollectors
	timeout  time.Duration
	logger   *slog.Logger
}

// reserveBuiltinNames makes the names of every built-in metric, enabled or
// not, unavailable to Lua collectors, so that a script cannot shadow one.
func (e *exporter) reserveBuiltinNames() {
	e.lua.reserved = builtinNames
}

// Describe sends nothing: the exporter is an unchecked collector.
func (e *exporter) Describe(chan<- *prometheus.Desc) {}

// Collect runs the collectors. A failing one loses its own series only.
func (e *exporter) Collect(ch chan<- prometheus.Metric) {
	var wg sync.WaitGroup
	for _, nc := range e.builtins {
		wg.Go(func() { e.runBuiltin(ch, nc) })
	}
	if e.lua != nil && len(e.lua.scripts) > 0 {
		wg.Go(func() { e.lua.collect(ch, e.report) })
	}
	wg.Wait()
}

// runBuiltin runs one built-in collector within the scrape's time limit
// and sends its series only if it succeeds in time: a collector stuck in
// the kernel (statfs of a hung network mount) fails alone, and finishes
// in the background.
func (e *exporter) runBuiltin(ch chan<- prometheus.Metric, nc namedCollector) {
	start := time.Now()
	local := make(chan prometheus.Metric, 64)
	errc := make(chan error, 1)
	go func() {
		errc <- nc.c.update(local)
		close(local)
	}()
	timer := time.NewTimer(e.timeout)
	defer timer.Stop()
	var got []prometheus.Metric
	for {
		select {
		case m, ok := <-local:
			if ok {
				got = append(got, m)
				continue
			}
			err := <-errc
			if err == nil {
				for _, m := range got {
					ch <- m
				}
			}
			e.report(ch, nc.name, time.Since(start), err)
			return
		case <-timer.C:
			go func() {
				for range local {
				}
			}()
			e.report(ch, nc.name, time.Since(start), fmt.Errorf("time limit of %v exceeded", e.timeout))
			return
		}
	}
}

func (e *exporter) report(ch chan<- prometheus.Metric, name string, d time.Duration, err error) {
	ok := 1.0
	if err != nil {
		ok = 0
		e.logger.Error("collector failed", "collector", name, "duration_seconds", d.Seconds(), "err", err)
	} else {
		e.logger.Debug("collector succeeded", "collector", name, "duration_seconds", d.Seconds())
	}
	ch <- prometheus.MustNewConstMetric(collectorDurationDesc, prometheus.GaugeValue, d.Seconds(), name)
	ch <- prometheus.MustNewConstMetric(collectorSuccessDesc, prometheus.GaugeValue, ok, name)
}

// constMetric sends one value; desc and labels are the collector's own,
// so a failure is a bug.
func constMetric(ch chan<- prometheus.Metric, desc *prometheus.Desc, t prometheus.ValueType, v float64, labels ...string) {
	ch <- prometheus.MustNewConstMetric(desc, t, v, labels...)
}
