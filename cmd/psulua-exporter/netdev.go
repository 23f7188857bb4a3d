package main

import (
	"fmt"
	"regexp"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// netdev: node_exporter's netdev counters that psutil's
// net_io_counters(pernic=True) has (bytes, packets, errs, drop).
var netDescs = [8]*prometheus.Desc{
	netDesc("receive_bytes"), netDesc("receive_packets"), netDesc("receive_errs"), netDesc("receive_drop"),
	netDesc("transmit_bytes"), netDesc("transmit_packets"), netDesc("transmit_errs"), netDesc("transmit_drop"),
}

func netDesc(stat string) *prometheus.Desc {
	return newDesc("node_network_"+stat+"_total", "Network device statistic "+stat+".", "device")
}

type netdevOptions struct {
	deviceExclude string
	re            *regexp.Regexp
}

func (o *netdevOptions) addFlags(app *kingpin.Application) {
	app.Flag("collector.netdev.device-exclude", "Regexp of net devices to exclude (none by default, as node_exporter).").
		Default("").StringVar(&o.deviceExclude)
}

func (o *netdevOptions) compile() (err error) {
	if o.deviceExclude == "" {
		return nil
	}
	if o.re, err = regexp.Compile(o.deviceExclude); err != nil {
		return fmt.Errorf("--collector.netdev.device-exclude: %w", err)
	}
	return nil
}

type netdevCollector struct {
	sys  *platform.System
	opts *netdevOptions
}

func newNetdevCollector(c *config, sys *platform.System) collector {
	return netdevCollector{sys, &c.netdev}
}

func (c netdevCollector) update(ch chan<- prometheus.Metric) error {
	nics, err := c.sys.PerNicIOCounters(false)
	if err != nil {
		return err
	}
	for dev, n := range nics {
		if c.opts.re != nil && c.opts.re.MatchString(dev) {
			continue
		}
		for i, v := range [8]uint64{n.BytesRecv, n.PacketsRecv, n.Errin, n.Dropin, n.BytesSent, n.PacketsSent, n.Errout, n.Dropout} {
			constMetric(ch, netDescs[i], prometheus.CounterValue, float64(v), dev)
		}
	}
	return nil
}
