package main

import (
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

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
	mountTimeout                       time.Duration
}

func (o *filesystemOptions) addFlags(app *kingpin.Application) {
	app.Flag("collector.filesystem.mount-points-exclude", "Regexp of mount points to exclude for the filesystem collector.").
		Default(defaultMountPointsExclude).StringVar(&o.mountPointsExclude)
	app.Flag("collector.filesystem.fs-types-exclude", "Regexp of filesystem types to exclude for the filesystem collector.").
		Default(defaultFSTypesExclude).StringVar(&o.fsTypesExclude)
	app.Flag("collector.filesystem.mount-timeout", "How long to wait for a mount point's statistics before marking it stuck (device_error 1) and skipping it until the call returns.").
		Default("1s").DurationVar(&o.mountTimeout)
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

// fsStats is what the collector asks about one mount point.
type fsStats struct {
	usage       platform.DiskUsage
	err         error
	files, free uint64
	filesErr    error
}

type filesystemCollector struct {
	opts       *filesystemOptions
	partitions func() ([]platform.DiskPartition, error)
	stats      func(mountpoint string) fsStats
	// stuck holds the mount points whose statistics call has not
	// returned (a hung network filesystem): they are skipped, as
	// node_exporter does, until it returns.
	stuck *stuckMounts
}

type stuckMounts struct {
	mu sync.Mutex
	m  map[string]bool
}

func (s *stuckMounts) is(mp string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[mp]
}

func (s *stuckMounts) set(mp string, stuck bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if stuck {
		s.m[mp] = true
	} else {
		delete(s.m, mp)
	}
}

func newFilesystemCollector(c *config, sys *platform.System) collector {
	return filesystemCollector{
		opts:       &c.filesystem,
		partitions: func() ([]platform.DiskPartition, error) { return sys.DiskPartitions(true) },
		stats: func(mp string) fsStats {
			var st fsStats
			if st.usage, st.err = sys.DiskUsage(mp); st.err == nil {
				st.files, st.free, st.filesErr = statFiles(mp)
			}
			return st
		},
		stuck: &stuckMounts{m: map[string]bool{}},
	}
}

// statsWithin asks for a mount point's statistics, giving up after the
// mount timeout; ok is false for a stuck mount point.
func (c filesystemCollector) statsWithin(mp string) (st fsStats, ok bool) {
	if c.stuck.is(mp) {
		return st, false
	}
	done := make(chan fsStats, 1)
	go func() { done <- c.stats(mp) }()
	timer := time.NewTimer(c.opts.mountTimeout)
	defer timer.Stop()
	select {
	case st = <-done:
		return st, true
	case <-timer.C:
		c.stuck.set(mp, true)
		go func() {
			<-done
			c.stuck.set(mp, false)
		}()
		return st, false
	}
}

func (c filesystemCollector) update(ch chan<- prometheus.Metric) error {
	parts, err := c.partitions()
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
		st, ok := c.statsWithin(p.Mountpoint)
		if !ok || st.err != nil {
			constMetric(ch, fsErrorDesc, prometheus.GaugeValue, 1, labels[:]...)
			continue
		}
		u := st.usage
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
		if st.filesErr == nil {
			constMetric(ch, fsFilesDesc, prometheus.GaugeValue, float64(st.files), labels[:]...)
			constMetric(ch, fsFilesFreeDesc, prometheus.GaugeValue, float64(st.free), labels[:]...)
		}
	}
	return nil
}
