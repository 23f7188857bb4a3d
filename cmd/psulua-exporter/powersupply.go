package main

import (
	"errors"
	"io/fs"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// powersupplyclass: node_exporter's battery series that psutil's
// sensors_battery has. psutil reports one battery without its sysfs name,
// so power_supply is "BAT" (node_exporter's is BAT0, BAT1, ...), and
// whether the machine is on mains power (node_exporter's online series of
// the AC supply) is reported on that battery. Nothing is sent on a machine
// without a battery.
var (
	psCapacityDesc = newDesc("node_power_supply_capacity", "capacity value of /sys/class/power_supply/<power_supply>.", "power_supply")
	psOnlineDesc   = newDesc("node_power_supply_online", "online value of /sys/class/power_supply/<power_supply>.", "power_supply")
	psSecsLeftDesc = newDesc("psulua_power_supply_seconds_left", "Seconds of battery left (psutil's sensors_battery().secsleft), when known and on battery.", "power_supply")
)

type powerSupplyCollector struct{ sys *platform.System }

func newPowerSupplyCollector(_ *config, sys *platform.System) collector {
	return powerSupplyCollector{sys}
}

func (c powerSupplyCollector) update(ch chan<- prometheus.Metric) error {
	b, err := c.sys.SensorsBattery()
	if errors.Is(err, fs.ErrNotExist) {
		return nil // no power supply class at all: no battery
	}
	if err != nil || b == nil {
		return err
	}
	const name = "BAT"
	constMetric(ch, psCapacityDesc, prometheus.GaugeValue, b.Percent, name)
	if b.PowerPlugged != nil {
		on := 0.0
		if *b.PowerPlugged {
			on = 1
		}
		constMetric(ch, psOnlineDesc, prometheus.GaugeValue, on, name)
	}
	if b.Secsleft >= 0 {
		constMetric(ch, psSecsLeftDesc, prometheus.GaugeValue, float64(b.Secsleft), name)
	}
	return nil
}
