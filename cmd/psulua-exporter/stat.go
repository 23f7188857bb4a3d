package main

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// stat: the parts of node_exporter's stat collector that psutil reads:
// boot_time and cpu_stats' ctx_switches and interrupts. psutil has no
// forks, procs_running or procs_blocked (see docs/exporter.md).
var (
	bootTimeDesc = newDesc("node_boot_time_seconds", "Node boot time, in unixtime.")
	ctxtDesc     = newDesc("node_context_switches_total", "Total number of context switches.")
	intrDesc     = newDesc("node_intr_total", "Total number of interrupts serviced.")
	softirqDesc  = newDesc("psulua_softirqs_total", "Total number of software interrupts serviced (psutil's cpu_stats().soft_interrupts).")
)

type statCollector struct{ sys *platform.System }

func newStatCollector(_ *config, sys *platform.System) collector { return statCollector{sys} }

func (c statCollector) update(ch chan<- prometheus.Metric) error {
	st, err := c.sys.CPUStats()
	if err != nil {
		return err
	}
	boot, err := c.sys.BootTime()
	if err != nil {
		return err
	}
	constMetric(ch, bootTimeDesc, prometheus.GaugeValue, boot)
	constMetric(ch, ctxtDesc, prometheus.CounterValue, float64(st.CtxSwitches))
	constMetric(ch, intrDesc, prometheus.CounterValue, float64(st.Interrupts))
	constMetric(ch, softirqDesc, prometheus.CounterValue, float64(st.SoftInterrupts))
	return nil
}
