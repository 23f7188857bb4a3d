package main

// Live tests against the real peers, Debian's prometheus (2.42) and
// prometheus-node-exporter (1.5): each runs on loopback with a temporary
// directory and is stopped by its pid. .ci/run installs both; without
// them the tests skip, unless PSULUA_REQUIRE_ORACLES=1 (CI) makes that a
// failure.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/psulua/psulua/platform"
)

const (
	prometheusBin   = "/usr/bin/prometheus"
	nodeExporterBin = "/usr/bin/prometheus-node-exporter"
)

// freePort returns a loopback address nobody listens on now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// needPeer skips t when bin is missing, or fails it when oracles are
// required.
func needPeer(t *testing.T, bin string) {
	t.Helper()
	if _, err := os.Stat(bin); err == nil {
		return
	}
	msg := bin + " is missing: apt-get install prometheus prometheus-node-exporter"
	if os.Getenv("PSULUA_REQUIRE_ORACLES") == "1" {
		t.Fatal(msg + " (PSULUA_REQUIRE_ORACLES=1)")
	}
	t.Skip(msg + " (skipped; PSULUA_REQUIRE_ORACLES=1 makes this a failure)")
}

// startPeer runs a peer in the foreground and stops it by its pid when the
// test ends (SIGTERM, then SIGKILL after 5 s).
func startPeer(t *testing.T, bin string, args ...string) {
	t.Helper()
	needPeer(t, bin)
	cmd := exec.Command(bin, args...)
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pid := cmd.Process.Pid
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("%s output:\n%s", filepath.Base(bin), out.String())
		}
	})
}

// httpSamples scrapes an exporter over HTTP, retrying while it starts.
func httpSamples(t *testing.T, url string, wait time.Duration) samples {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		resp, err := http.Get(url)
		if err == nil {
			var b bytes.Buffer
			_, _ = b.ReadFrom(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return parseSamples(t, &b)
			}
			err = fmt.Errorf("status %d", resp.StatusCode)
		}
		if time.Now().After(deadline) {
			t.Fatalf("scrape %s: %v", url, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Prometheus scrapes psulua-exporter every second, and PromQL through its
// HTTP API returns what the Lua collectors set.
func TestPrometheusQueriesLuaCollectors(t *testing.T) {
	if testing.Short() {
		t.Skip("starts prometheus")
	}
	needPeer(t, prometheusBin)
	dir := t.TempDir()
	script := writeScript(t, dir, "answers.lua", `
local metrics = require("metrics")
local psutil = require("psutil")
local answer = metrics.gauge("psulua_test_answer", "A constant.", {"kind"})
local cpus = metrics.gauge("psulua_test_cpus", "psutil.cpu_count().")
local boot = metrics.counter("psulua_test_boot_seconds_total", "boot_time, as a counter.")
metrics.collect(function()
  answer:set(42, {kind = "life"})
  answer:set(7, {kind = "week"})
  cpus:set(psutil.cpu_count())
  boot:set(psutil.boot_time())
end)
`)
	// Prometheus gives up on a scrape after a second: the collectors that
	// read every process (slow under the race detector on a loaded
	// machine) are tested without it, in TestExampleCollectors.
	exporter := startExporter(t, "--collector.script="+script,
		"--collector.script=../../examples/exporter/disk_alert.lua")
	promAddr := freePort(t)
	config := fmt.Sprintf(`global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: psulua
    static_configs:
      - targets: ['%s']
`, exporter)
	configFile := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(configFile, []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	startPeer(t, prometheusBin, "--config.file="+configFile, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+promAddr, "--log.level=warn")

	sys := platform.New(platform.LiveFS())
	ncpu, _ := sys.CPUCount(true)
	boot, _ := sys.BootTime()
	cases := []struct {
		query string
		want  func(float64) bool
		what  string
	}{
		{`psulua_test_answer{kind="life"}`, func(v float64) bool { return v == 42 }, "42"},
		{`sum(psulua_test_answer)`, func(v float64) bool { return v == 49 }, "49"},
		{`psulua_test_cpus`, func(v float64) bool { return v == float64(ncpu) }, strconv.Itoa(ncpu)},
		{`psulua_test_boot_seconds_total`, func(v float64) bool { return v == boot }, "boot_time"},
		{`count(psulua_disk_usage_percent)`, func(v float64) bool { return v >= 1 }, ">= 1"},
		{`min(psulua_collector_success)`, func(v float64) bool { return v == 1 }, "1"},
		{`up{job="psulua"}`, func(v float64) bool { return v == 1 }, "1"},
	}
	deadline := time.Now().Add(30 * time.Second)
	for _, c := range cases {
		var got []float64
		var err error
		for {
			got, err = promQuery(promAddr, c.query)
			if err == nil && len(got) == 1 && c.want(got[0]) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s = %v (%v), want %s", c.query, got, err, c.what)
			}
			time.Sleep(250 * time.Millisecond)
		}
	}
}

// promQuery runs an instant PromQL query and returns the values.
func promQuery(addr, query string) ([]float64, error) {
	resp, err := http.Get("http://" + addr + "/api/v1/query?query=" + url.QueryEscape(query))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Status string
		Error  string
		Data   struct {
			Result []struct {
				Value [2]any
			}
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, err
	}
	if r.Status != "success" {
		return nil, fmt.Errorf("query %s: %s", query, r.Error)
	}
	var out []float64
	for _, s := range r.Data.Result {
		str, _ := s.Value[1].(string)
		v, err := strconv.ParseFloat(str, 64)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// node_exporter with the same collectors exports the same series, with the
// same values: exactly for totals, between two node_exporter scrapes taken
// before and after psulua's for counters, and within a tolerance for
// gauges that move.
func TestMatchesNodeExporter(t *testing.T) {
	if testing.Short() {
		t.Skip("starts node_exporter")
	}
	needPeer(t, nodeExporterBin)
	nodeAddr := freePort(t)
	shared := []string{
		"--collector.filesystem.mount-points-exclude=" + defaultMountPointsExclude,
		"--collector.filesystem.fs-types-exclude=" + defaultFSTypesExclude,
		"--collector.diskstats.device-exclude=" + defaultDiskExclude,
	}
	collectors := []string{"--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
		"--collector.filesystem", "--collector.netdev", "--collector.diskstats", "--collector.loadavg", "--collector.stat"}
	startPeer(t, nodeExporterBin, append(append([]string{"--web.listen-address=" + nodeAddr,
		// Debian's build leaves lo out by default; upstream's and ours keep it.
		"--collector.netdev.device-exclude=^$"}, collectors...), shared...)...)
	ours := newTestExporter(t, append(collectors, shared...)...)

	nodeURL := "http://" + nodeAddr + "/metrics"
	httpSamples(t, nodeURL, 15*time.Second) // started
	before := httpSamples(t, nodeURL, time.Second)
	got := ours.scrape(t)
	after := httpSamples(t, nodeURL, time.Second)

	const mib = 1 << 20
	type check struct {
		family string
		tol    func(v float64) float64 // allowed distance outside [before, after]
	}
	exact := func(float64) float64 { return 0 }
	counter := func(v float64) float64 { return 1e-9 * math.Abs(v) } // float rounding only
	within := func(abs float64) func(float64) float64 { return func(float64) float64 { return abs } }
	checks := []check{
		{"node_cpu_seconds_total", counter},
		{"node_cpu_guest_seconds_total", counter},
		{"node_memory_MemTotal_bytes", exact},
		{"node_memory_SwapTotal_bytes", exact},
		{"node_memory_MemFree_bytes", within(512 * mib)},
		{"node_memory_MemAvailable_bytes", within(512 * mib)},
		{"node_memory_Buffers_bytes", within(64 * mib)},
		{"node_memory_Active_bytes", within(512 * mib)},
		{"node_memory_Inactive_bytes", within(512 * mib)},
		{"node_memory_Shmem_bytes", within(64 * mib)},
		{"node_memory_Slab_bytes", within(64 * mib)},
		{"node_memory_SwapFree_bytes", within(64 * mib)},
		{"node_filesystem_size_bytes", exact},
		{"node_filesystem_files", exact},
		{"node_filesystem_readonly", exact},
		{"node_filesystem_device_error", exact},
		{"node_filesystem_avail_bytes", within(1 << 30)},
		{"node_filesystem_free_bytes", within(1 << 30)},
		{"node_filesystem_files_free", within(100000)},
		{"node_load1", within(2)},
		{"node_load5", within(1)},
		{"node_load15", within(1)},
		{"node_boot_time_seconds", exact},
		{"node_context_switches_total", counter},
		{"node_intr_total", counter},
	}
	for _, dir := range []string{"receive", "transmit"} {
		for _, s := range []string{"bytes", "packets", "errs", "drop"} {
			checks = append(checks, check{"node_network_" + dir + "_" + s + "_total", counter})
		}
	}
	for _, name := range []string{"reads_completed", "reads_merged", "read_bytes", "read_time_seconds",
		"writes_completed", "writes_merged", "written_bytes", "write_time_seconds", "io_time_seconds"} {
		checks = append(checks, check{"node_disk_" + name + "_total", counter})
	}
	for _, c := range checks {
		t.Run(c.family, func(t *testing.T) {
			ourSeries, nodeSeries := got.family(c.family), before.family(c.family)
			if len(nodeSeries) == 0 {
				t.Skipf("node_exporter has no %s here", c.family)
			}
			if a, b := keys(ourSeries), keys(nodeSeries); strings.Join(a, " ") != strings.Join(b, " ") {
				t.Fatalf("series differ:\npsulua:        %v\nnode_exporter: %v", a, b)
			}
			for k, v := range ourSeries {
				lo, hi := math.Min(before[k], after[k]), math.Max(before[k], after[k])
				if tol := c.tol(hi); v < lo-tol || v > hi+tol {
					t.Errorf("%s = %v, node_exporter %v then %v (tolerance %v)", k, v, before[k], after[k], tol)
				}
			}
		})
	}
	// HELP and TYPE lines as node_exporter's.
	ourMeta, nodeMeta := metaLines(t, ours.handler, ""), metaLines(t, nil, nodeURL)
	for _, c := range checks {
		for _, kind := range []string{"HELP", "TYPE"} {
			key := kind + " " + c.family
			if nodeMeta[key] != "" && ourMeta[key] != nodeMeta[key] {
				t.Errorf("psulua: %q\nnode_exporter: %q", ourMeta[key], nodeMeta[key])
			}
		}
	}
	// psutil's cached is node_exporter's Cached + SReclaimable.
	cached := got["node_memory_Cached_bytes"]
	lo := math.Min(before["node_memory_Cached_bytes"]+before["node_memory_SReclaimable_bytes"],
		after["node_memory_Cached_bytes"]+after["node_memory_SReclaimable_bytes"])
	hi := math.Max(before["node_memory_Cached_bytes"]+before["node_memory_SReclaimable_bytes"],
		after["node_memory_Cached_bytes"]+after["node_memory_SReclaimable_bytes"])
	if cached < lo-512*mib || cached > hi+512*mib {
		t.Errorf("node_memory_Cached_bytes = %v, node_exporter's Cached + SReclaimable %v..%v", cached, lo, hi)
	}
}

func keys(s samples) []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// metaLines returns the "# HELP name" and "# TYPE name" lines of a scrape
// by "HELP name" and "TYPE name": from h when not nil, else from url.
func metaLines(t *testing.T, h http.Handler, url string) map[string]string {
	t.Helper()
	var body bytes.Buffer
	if h != nil {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		body = *rec.Body
	} else {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		_, _ = body.ReadFrom(resp.Body)
	}
	out := map[string]string{}
	for _, line := range strings.Split(body.String(), "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "#" && (f[1] == "HELP" || f[1] == "TYPE") {
			out[f[1]+" "+f[2]] = line
		}
	}
	return out
}
