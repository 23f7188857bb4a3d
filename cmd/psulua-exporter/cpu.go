package main

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// cpu: node_exporter's cpu collector, from psutil's cpu_times(percpu=True).
// On Linux user includes guest and nice includes guest_nice, as the kernel
// and node_exporter count them.
var (
	cpuSecondsDesc = newDesc("node_cpu_seconds_total",
		"Seconds the CPUs spent in each mode.", "cpu", "mode")
	cpuGuestSecondsDesc = newDesc("node_cpu_guest_seconds_total",
		"Seconds the CPUs spent in guests (VMs) for each mode.", "cpu", "mode")
)

type cpuCollector struct{ sys *platform.System }

func newCPUCollector(_ *config, sys *platform.System) collector { return cpuCollector{sys} }

func (c cpuCollector) update(ch chan<- prometheus.Metric) error {
	times, err := c.sys.PerCPUTimes()
	if err != nil {
		return err
	}
	for i, t := range times {
		cpu := strconv.Itoa(i)
		for _, m := range [...]struct {
			mode string
			v    float64
		}{
			{"idle", t.Idle}, {"iowait", t.Iowait}, {"irq", t.Irq}, {"nice", t.Nice},
			{"softirq", t.Softirq}, {"steal", t.Steal}, {"system", t.System}, {"user", t.User},
		} {
			constMetric(ch, cpuSecondsDesc, prometheus.CounterValue, m.v, cpu, m.mode)
		}
		constMetric(ch, cpuGuestSecondsDesc, prometheus.CounterValue, t.Guest, cpu, "user")
		constMetric(ch, cpuGuestSecondsDesc, prometheus.CounterValue, t.GuestNice, cpu, "nice")
	}
	return nil
}
