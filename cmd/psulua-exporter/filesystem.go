package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/alecthomas/kingpin/v2"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/psulua/psulua/platform"
)

// filesystem: node_exporter's filesystem collector over psutil's
// disk_partitions(all=True) and disk_usage. psutil's disk_usage gives the
// size (f_blocks), the space free to unprivileged users (f_bavail, psutil's
// "free", node_exporter's avail) and the used space (f_blocks - f_bfree),
// so the space free to root is size - used. It has no inode counts: the
// files and files_free series come from statfs(2) on the same mount point
// (statfs_linux.go).
var (
	fsSizeDesc      = fsDesc("size_bytes", "Filesystem size in bytes.")
	fsFreeDesc      = fsDesc("free_bytes", "Filesystem free space in bytes.")
	fsAvailDesc     = fsDesc("avail_bytes", "Filesystem space available to non-root users in bytes.")
	fsFilesDesc     = fsDesc("files", "Filesystem total file nodes.")
	fsFilesFreeDesc = fsDesc("files_free", "Filesystem total free file nodes.")
	fsReadonlyDesc  = fsDesc("readonly", "Filesystem read-only status.")
	fsErrorDesc     = fsDesc("device_error", "Whether an error occurred while getting statistics for the given device.")
)

func fsDesc(name, help string) *prometheus.Desc {
	return newDesc("node_filesystem_"+name, help, "device", "fstype", "mountpoint")
}

// The defaults of node_exporter 1.5.
const (
	defaultMountPointsExclude = `^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)`
	defaultFSTypesExclude     = `^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|sysfs|tracefs)$`
)

type filesystemOptions struct {
	mountPointsExclude, fsTypesExclude string
	mountRE, typeRE                    *regexp.Regexp
}

func (o *filesystemOptions) addFlags(app *kingpin.Application) {
	app.Flag("collector.filesystem.mount-points-exclude", "Regexp of mount points to exclude for the filesystem collector.").
		Default(defaultMountPointsExclude).StringVar(&o.mountPointsExclude)
	app.Flag("collector.filesystem.fs-types-exclude", "Regexp of filesystem types to exclude for the filesystem collector.").
		Default(defaultFSTypesExclude).StringVar(&o.fsTypesExclude)
}

func (o *filesystemOptions) compile() (err error) {
	if o.mountRE, err = regexp.Compile(o.mountPointsExclude); err != nil {
		return fmt.Errorf("--collector.filesystem.mount-points-exclude: %w", err)
	}
	if o.typeRE, err = regexp.Compile(o.fsTypesExclude); err != nil {
		return fmt.Errorf("--collector.filesystem.fs-types-exclude: %w", err)
	}
	return nil
}

type filesystemCollector struct {
	sys  *platform.System
	opts *filesystemOptions
}

func newFilesystemCollector(c *config, sys *platform.System) collector {
	return filesystemCollector{sys, &c.filesystem}
}

func (c filesystemCollector) update(ch chan<- prometheus.Metric) error {
	parts, err := c.sys.DiskPartitions(true)
	if err != nil {
		return err
	}
	seen := map[[3]string]bool{}
	for _, p := range parts {
		if c.opts.mountRE.MatchString(p.Mountpoint) || c.opts.typeRE.MatchString(p.Fstype) {
			continue
		}
		labels := [3]string{p.Device, p.Fstype, p.Mountpoint}
		if seen[labels] {
			continue
		}
		seen[labels] = true
		u, err := c.sys.DiskUsage(p.Mountpoint)
		if err != nil {
			constMetric(ch, fsErrorDesc, prometheus.GaugeValue, 1, labels[:]...)
			continue
		}
		constMetric(ch, fsErrorDesc, prometheus.GaugeValue, 0, labels[:]...)
		ro := 0.0
		for _, o := range strings.Split(p.Opts, ",") {
			if o == "ro" {
				ro = 1
			}
		}
		constMetric(ch, fsReadonlyDesc, prometheus.GaugeValue, ro, labels[:]...)
		constMetric(ch, fsSizeDesc, prometheus.GaugeValue, float64(u.Total), labels[:]...)
		constMetric(ch, fsFreeDesc, prometheus.GaugeValue, float64(int64(u.Total)-u.Used), labels[:]...)
		constMetric(ch, fsAvailDesc, prometheus.GaugeValue, float64(u.Free), labels[:]...)
		if files, free, err := statFiles(p.Mountpoint); err == nil {
			constMetric(ch, fsFilesDesc, prometheus.GaugeValue, float64(files), labels[:]...)
			constMetric(ch, fsFilesFreeDesc, prometheus.GaugeValue, float64(free), labels[:]...)
		}
	}
	return nil
}
