package main

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// hwmon: node_exporter's hwmon temperature and fan series from psutil's
// sensors_temperatures and sensors_fans. The chip label is psutil's sensor
// name (the hwmon device's name file) and the sensor label its label, or
// temp<N>/fan<N> (its position) when it has none or shares it; see
// docs/exporter.md for how they differ from node_exporter's.
var (
	hwmonTempDesc     = newDesc("node_hwmon_temp_celsius", "Hardware monitor for temperature (input)", "chip", "sensor")
	hwmonTempMaxDesc  = newDesc("node_hwmon_temp_max_celsius", "Hardware monitor for temperature (max)", "chip", "sensor")
	hwmonTempCritDesc = newDesc("node_hwmon_temp_crit_celsius", "Hardware monitor for temperature (crit)", "chip", "sensor")
	hwmonFanDesc      = newDesc("node_hwmon_fan_rpm", "Hardware monitor for fan revolutions per minute (input)", "chip", "sensor")
)

type hwmonCollector struct{ sys *platform.System }

func newHwmonCollector(_ *config, sys *platform.System) collector { return hwmonCollector{sys} }

// sensorNames gives each entry of one chip a label unique within it.
func sensorNames(labels []string, prefix string) []string {
	count := map[string]int{}
	for _, l := range labels {
		count[l]++
	}
	out := make([]string, len(labels))
	for i, l := range labels {
		if l == "" || count[l] > 1 {
			l = prefix + strconv.Itoa(i+1)
		}
		out[i] = l
	}
	return out
}

func (c hwmonCollector) update(ch chan<- prometheus.Metric) error {
	temps, err := c.sys.SensorsTemperatures(false)
	if err != nil {
		return err
	}
	for chip, list := range temps {
		labels := make([]string, len(list))
		for i, t := range list {
			labels[i] = t.Label
		}
		for i, name := range sensorNames(labels, "temp") {
			t := list[i]
			constMetric(ch, hwmonTempDesc, prometheus.GaugeValue, t.Current, chip, name)
			if t.High != nil {
				constMetric(ch, hwmonTempMaxDesc, prometheus.GaugeValue, *t.High, chip, name)
			}
			if t.Critical != nil {
				constMetric(ch, hwmonTempCritDesc, prometheus.GaugeValue, *t.Critical, chip, name)
			}
		}
	}
	fans, err := c.sys.SensorsFans()
	if err != nil {
		return err
	}
	for chip, list := range fans {
		labels := make([]string, len(list))
		for i, f := range list {
			labels[i] = f.Label
		}
		for i, name := range sensorNames(labels, "fan") {
			constMetric(ch, hwmonFanDesc, prometheus.GaugeValue, float64(list[i].Current), chip, name)
		}
	}
	return nil
}
