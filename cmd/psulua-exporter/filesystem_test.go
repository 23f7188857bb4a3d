package main

import (
	"regexp"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"

	"github.com/psulua/psulua/platform"
)

// A mount point whose statistics never come (a hung network filesystem)
// reports device_error 1 after the mount timeout, and is skipped at once
// while the call is still stuck; the others are unaffected.
func TestStuckMount(t *testing.T) {
	release := make(chan struct{})
	var calls atomic.Int32
	c := filesystemCollector{
		opts: &filesystemOptions{
			mountRE:      regexp.MustCompile(`^/proc`),
			typeRE:       regexp.MustCompile(`^proc$`),
			mountTimeout: 100 * time.Millisecond,
		},
		partitions: func() ([]platform.DiskPartition, error) {
			return []platform.DiskPartition{
				{Device: "/dev/sda1", Mountpoint: "/", Fstype: "ext4", Opts: "rw"},
				{Device: "server:/export", Mountpoint: "/mnt/nfs", Fstype: "nfs4", Opts: "ro"},
				{Device: "proc", Mountpoint: "/proc", Fstype: "proc", Opts: "rw"},
			}, nil
		},
		stats: func(mp string) fsStats {
			if mp == "/mnt/nfs" {
				calls.Add(1)
				<-release
			}
			return fsStats{usage: platform.DiskUsage{Total: 1000, Used: 300, Free: 600}, files: 50, free: 20}
		},
		stuck: &stuckMounts{m: map[string]bool{}},
	}
	scrape := func() map[string]float64 {
		ch := make(chan prometheus.Metric, 100)
		if err := c.update(ch); err != nil {
			t.Fatal(err)
		}
		close(ch)
		out := map[string]float64{}
		for m := range ch {
			var pb dto.Metric
			if err := m.Write(&pb); err != nil {
				t.Fatal(err)
			}
			key := m.Desc().String()
			for _, l := range pb.GetLabel() {
				if l.GetName() == "mountpoint" {
					key = fqName(m.Desc()) + " " + l.GetValue()
				}
			}
			out[key] = pb.GetGauge().GetValue()
		}
		return out
	}
	want := map[string]float64{
		"node_filesystem_device_error /":        0,
		"node_filesystem_size_bytes /":          1000,
		"node_filesystem_free_bytes /":          700,
		"node_filesystem_avail_bytes /":         600,
		"node_filesystem_files /":               50,
		"node_filesystem_files_free /":          20,
		"node_filesystem_readonly /":            0,
		"node_filesystem_device_error /mnt/nfs": 1,
	}
	for i, maxTime := range []time.Duration{time.Second, 50 * time.Millisecond} {
		start := time.Now()
		got := scrape()
		if d := time.Since(start); d > maxTime {
			t.Errorf("scrape %d took %v", i+1, d)
		}
		if len(got) != len(want) {
			t.Errorf("scrape %d: %v, want %v", i+1, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("scrape %d: %s = %v, want %v", i+1, k, got[k], v)
			}
		}
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("the stuck mount was asked %d times, want 1", n)
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for c.stuck.is("/mnt/nfs") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := scrape(); got["node_filesystem_device_error /mnt/nfs"] != 0 || got["node_filesystem_readonly /mnt/nfs"] != 1 {
		t.Errorf("after the call returned: %v", got)
	}
}

// fqName reads a description's metric name.
func fqName(d *prometheus.Desc) string {
	s := d.String() // Desc{fqName: "name", ...}
	const p = `Desc{fqName: "`
	s = s[len(p):]
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			return s[:i]
		}
	}
	return s
}
