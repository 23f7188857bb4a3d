package main

import (
	"fmt"
	"regexp"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// diskstats: node_exporter's diskstats counters that psutil's
// disk_io_counters(perdisk=True) has. psutil's times are milliseconds.
var (
	diskReadsDesc        = diskDesc("reads_completed_total", "The total number of reads completed successfully.")
	diskReadsMergedDesc  = diskDesc("reads_merged_total", "The total number of reads merged.")
	diskReadBytesDesc    = diskDesc("read_bytes_total", "The total number of bytes read successfully.")
	diskReadTimeDesc     = diskDesc("read_time_seconds_total", "The total number of seconds spent by all reads.")
	diskWritesDesc       = diskDesc("writes_completed_total", "The total number of writes completed successfully.")
	diskWritesMergedDesc = diskDesc("writes_merged_total", "The number of writes merged.")
	diskWrittenBytesDesc = diskDesc("written_bytes_total", "The total number of bytes written successfully.")
	diskWriteTimeDesc    = diskDesc("write_time_seconds_total", "This is the total number of seconds spent by all writes.")
	diskIOTimeDesc       = diskDesc("io_time_seconds_total", "Total seconds spent doing I/Os.")
)

func diskDesc(name, help string) *prometheus.Desc {
	return newDesc("node_disk_"+name, help, "device")
}

// The default of node_exporter 1.5: partitions, RAM disks, loop devices
// and floppies are left out.
const defaultDiskExclude = `^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$`

type diskstatsOptions struct {
	deviceExclude string
	re            *regexp.Regexp
}

func (o *diskstatsOptions) addFlags(app *kingpin.Application) {
	app.Flag("collector.diskstats.device-exclude", "Regexp of diskstats devices to exclude.").
		Default(defaultDiskExclude).StringVar(&o.deviceExclude)
}

func (o *diskstatsOptions) compile() (err error) {
	if o.re, err = regexp.Compile(o.deviceExclude); err != nil {
		return fmt.Errorf("--collector.diskstats.device-exclude: %w", err)
	}
	return nil
}

type diskstatsCollector struct {
	sys  *platform.System
	opts *diskstatsOptions
}

func newDiskstatsCollector(c *config, sys *platform.System) collector {
	return diskstatsCollector{sys, &c.diskstats}
}

func (c diskstatsCollector) update(ch chan<- prometheus.Metric) error {
	disks, err := c.sys.PerDiskIOCounters(false)
	if err != nil {
		return err
	}
	const ms = 0.001
	for dev, d := range disks {
		if c.opts.re.MatchString(dev) {
			continue
		}
		for _, s := range [...]struct {
			desc *prometheus.Desc
			v    float64
		}{
			{diskReadsDesc, float64(d.ReadCount)}, {diskReadsMergedDesc, float64(d.ReadMergedCount)},
			{diskReadBytesDesc, float64(d.ReadBytes)}, {diskReadTimeDesc, float64(d.ReadTime) * ms},
			{diskWritesDesc, float64(d.WriteCount)}, {diskWritesMergedDesc, float64(d.WriteMergedCount)},
			{diskWrittenBytesDesc, float64(d.WriteBytes)}, {diskWriteTimeDesc, float64(d.WriteTime) * ms},
			{diskIOTimeDesc, float64(d.BusyTime) * ms},
		} {
			constMetric(ch, s.desc, prometheus.CounterValue, s.v, dev)
		}
	}
	return nil
}
