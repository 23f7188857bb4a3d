package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// loadavg: node_exporter's node_load1, node_load5 and node_load15, from
// psutil's getloadavg.
var loadDescs = [3]*prometheus.Desc{
	newDesc("node_load1", "1m load average."),
	newDesc("node_load5", "5m load average."),
	newDesc("node_load15", "15m load average."),
}

type loadavgCollector struct{ sys *platform.System }

func newLoadavgCollector(_ *config, sys *platform.System) collector { return loadavgCollector{sys} }

func (c loadavgCollector) update(ch chan<- prometheus.Metric) error {
	load, err := c.sys.LoadAvg()
	if err != nil {
		return err
	}
	for i, v := range load {
		constMetric(ch, loadDescs[i], prometheus.GaugeValue, v)
	}
	return nil
}
