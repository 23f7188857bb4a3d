package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// good is a collector that always works, beside the failing ones.
const good = `
local metrics = require("metrics")
local psutil = require("psutil")
local answer = metrics.gauge("test_answer", "A constant.", {"kind", "n"})
local total = metrics.counter("test_events_total", "A counter.")
local cpus = metrics.gauge("test_cpus", "psutil.cpu_count().")
metrics.collect(function()
  answer:set(42, {kind = "life", n = 1})
  answer:set(-1.5, {kind = "other", n = 2})
  total:set(7)
  cpus:set(psutil.cpu_count())
end)
`

func TestLuaCollectorValues(t *testing.T) {
	dir := t.TempDir()
	e := newTestExporter(t, "--collector.disable-defaults", "--collector.loadavg",
		"--collector.script="+writeScript(t, dir, "good.lua", good))
	s := e.scrape(t)
	want := map[string]float64{
		`test_answer{kind="life",n="1"}`:                42,
		`test_answer{kind="other",n="2"}`:               -1.5,
		`test_events_total`:                             7,
		`psulua_collector_success{collector="good"}`:    1,
		`psulua_collector_success{collector="loadavg"}`: 1,
	}
	for k, v := range want {
		if got, ok := s[k]; !ok || got != v {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}
	if s["test_cpus"] < 1 {
		t.Errorf("test_cpus = %v, want psutil.cpu_count()", s["test_cpus"])
	}
	if len(s.family("node_cpu_seconds_total")) != 0 {
		t.Errorf("--collector.disable-defaults left the cpu collector on")
	}
	if len(s.family("node_load1")) != 1 {
		t.Errorf("--collector.loadavg did not enable loadavg")
	}
}

// A collector that fails loses its own series only, the scrape answers
// within the time limit, and the log says why.
func TestFailingCollectorLosesOnlyItsSeries(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "written")
	cases := []struct {
		name, body, log string
	}{
		{"raises", `error("disk on fire")`, "disk on fire"},
		{"loops", `while true do end`, "time limit of 1s exceeded"},
		{"loops_in_pcall", `while true do pcall(function() while true do end end) end`, "time limit of 1s exceeded"},
		{"writes_file", `local f = assert(io.open("` + marker + `", "w")); f:write("x"); f:close()`, "io.open is blocked by the sandbox"},
		{"runs_program", `os.execute("touch ` + marker + `")`, "os.execute is blocked by the sandbox"},
		{"popen", `io.popen("touch ` + marker + `")`, "io.popen is blocked by the sandbox"},
		{"kills", `psutil.Process(1):kill()`, "blocked"},
		{"exits", `os.exit(3)`, "os.exit(3)"},
		// The script's body ends the first collect function, guards the
		// globals, and registers a second one.
		{"guards_globals", `end)
setmetatable(_G, {__newindex = function() while true do end end})
metrics.collect(function() error("then fails")`, "then fails"},
		{"bad_value", `m:set("many")`, "metric bad_value_series: value is a string, not a number"},
		{"undeclared_label", `l:set(1, {color = "red"})`, "metric bad_labels: label color is not declared"},
		{"missing_label", `l:set(1, {})`, "metric bad_labels: label(s) kind missing"},
		{"negative_counter", `metrics.counter("neg_total"):set(-1)`, "metric neg_total: a counter's value must be a total >= 0"},
	}
	args := []string{"--collector.disable-defaults", "--collector.loadavg", "--scrape.timeout=1s",
		"--collector.script=" + writeScript(t, dir, "good.lua", good)}
	for _, c := range cases {
		src := fmt.Sprintf(`local metrics = require("metrics")
local psutil = require("psutil")
local m = metrics.gauge("%s_series", "Set before failing.")
local l = metrics.gauge("bad_labels_%s", "", {"kind"})
metrics.collect(function()
  m:set(1)
  %s
end)
`, c.name, c.name, strings.ReplaceAll(c.body, "bad_labels", "bad_labels_"+c.name))
		args = append(args, "--collector.script="+writeScript(t, dir, c.name+".lua", src))
	}
	e := newTestExporter(t, args...)
	start := time.Now()
	s := e.scrape(t)
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the scrape took %v with a 1s time limit", d)
	}
	if s[`psulua_collector_success{collector="good"}`] != 1 || s[`test_answer{kind="life",n="1"}`] != 42 {
		t.Errorf("the good collector lost its series beside failing ones")
	}
	if s["node_load1"] == 0 && len(s.family("node_load1")) == 0 {
		t.Errorf("the built-in collector lost its series")
	}
	log := e.log.String()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got, ok := s[`psulua_collector_success{collector="`+c.name+`"}`]; !ok || got != 0 {
				t.Errorf("psulua_collector_success = %v (present %v), want 0", got, ok)
			}
			if _, ok := s[c.name+"_series"]; ok {
				t.Errorf("the failing collector's series %s_series was exported", c.name)
			}
			want := strings.ReplaceAll(c.log, "bad_labels", "bad_labels_"+c.name)
			want = strings.ReplaceAll(want, "bad_value", c.name)
			if !strings.Contains(log, want) {
				t.Errorf("the log does not say %q:\n%s", want, grepLines(log, c.name))
			}
		})
	}
	if _, err := os.Stat(marker); err == nil {
		t.Errorf("a sandboxed collector wrote %s", marker)
	}
}

func grepLines(text, word string) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if strings.Contains(l, word) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// Bad declarations are Lua errors naming the metric.
func TestBadDeclarations(t *testing.T) {
	cases := []struct{ name, decl, log string }{
		{"bad_name", `metrics.gauge("1st", "")`, `metrics.gauge: bad metric name \"1st\"`},
		{"dash_name", `metrics.counter("a-b", "")`, `metrics.counter: bad metric name \"a-b\"`},
		{"builtin", `metrics.gauge("node_load1", "")`, "metrics.gauge: metric node_load1 is a built-in metric"},
		{"own_prefix", `metrics.gauge("go_goroutines", "")`, `metric go_goroutines: names starting with \"go_\"`},
		{"bad_label", `metrics.gauge("lbl", "", {"__x"})`, `metrics.gauge: metric lbl: bad label name \"__x\"`},
		{"label_twice", `metrics.gauge("twice", "", {"a", "a"})`, `metric twice: label \"a\" is declared twice`},
		{"label_number", `metrics.gauge("num", "", {1})`, "metric num: label name #1 is a number"},
		{"labels_string", `metrics.gauge("str", "", "a")`, "metric str: label names must be a list of strings"},
		{"redeclared", `metrics.gauge("dup", "") metrics.counter("dup", "")`, "metrics.counter: metric dup is already declared otherwise"},
	}
	dir := t.TempDir()
	args := []string{"--collector.disable-defaults"}
	for _, c := range cases {
		args = append(args, "--collector.script="+writeScript(t, dir, c.name+".lua",
			"local metrics = require(\"metrics\")\n"+c.decl+"\n"))
	}
	e := newTestExporter(t, args...)
	s := e.scrape(t)
	log := e.log.String()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if s[`psulua_collector_success{collector="`+c.name+`"}`] != 0 {
				t.Errorf("a bad declaration succeeded")
			}
			if !strings.Contains(log, c.log) {
				t.Errorf("the log does not say %q:\n%s", c.log, grepLines(log, c.name))
			}
		})
	}
}

// Two collectors declaring one name: the first keeps it.
func TestCollectorsSharingAName(t *testing.T) {
	dir := t.TempDir()
	src := `local metrics = require("metrics")
metrics.gauge("shared_name", ""):set(%d)`
	e := newTestExporter(t, "--collector.disable-defaults",
		"--collector.script="+writeScript(t, dir, "first.lua", fmt.Sprintf(src, 1)),
		"--collector.script="+writeScript(t, dir, "second.lua", fmt.Sprintf(src, 2)))
	s := e.scrape(t)
	if s["shared_name"] != 1 || s[`psulua_collector_success{collector="second"}`] != 0 ||
		s[`psulua_collector_success{collector="first"}`] != 1 {
		t.Errorf("got %v", s)
	}
}

// The collectors users copy run and export their series.
func TestExampleCollectors(t *testing.T) {
	paths, err := filepath.Glob("../../examples/exporter/*.lua")
	if err != nil || len(paths) < 3 {
		t.Fatalf("examples: %v %v", paths, err)
	}
	// Reading every process is slow under the race detector on a loaded
	// machine: a generous time limit.
	args := []string{"--collector.disable-defaults", "--scrape.timeout=60s"}
	for _, p := range paths {
		args = append(args, "--collector.script="+p)
	}
	// Sockets of this process for listening_sockets.lua to find.
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer tcp.Close()
	udp, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer udp.Close()
	e := newTestExporter(t, args...)
	s := e.scrape(t)
	for _, sock := range []struct {
		proto string
		addr  net.Addr
	}{{"tcp", tcp.Addr()}, {"udp", udp.LocalAddr()}} {
		_, port, _ := net.SplitHostPort(sock.addr.String())
		want := fmt.Sprintf(`pid="%d",port="%s",proto="%s"}`, os.Getpid(), port, sock.proto)
		found := false
		for k := range s.family("psulua_listening_socket") {
			found = found || strings.HasSuffix(k, want)
		}
		if !found {
			t.Errorf("listening_sockets.lua does not list this process's %s socket %s", sock.proto, sock.addr)
		}
	}
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".lua")
		if s[`psulua_collector_success{collector="`+name+`"}`] != 1 {
			t.Errorf("%s failed: %s", name, grepLines(e.log.String(), name))
		}
	}
	for _, fam := range []string{"psulua_process_group_count", "psulua_process_group_resident_memory_bytes",
		"psulua_disk_usage_percent", "psulua_listening_sockets"} {
		if len(s.family(fam)) == 0 {
			t.Errorf("no %s series", fam)
		}
	}
	total := 0.0
	for _, v := range s.family("psulua_process_group_count") {
		total += v
	}
	if total < 1 {
		t.Errorf("the process groups count %v processes", total)
	}
}

// 20 scrapes at once all answer, each with every series and the right
// values (run with -race in make test).
func TestConcurrentScrapes(t *testing.T) {
	dir := t.TempDir()
	e := newTestExporter(t, "--collector.script="+writeScript(t, dir, "good.lua", good),
		"--collector.script=../../examples/exporter/disk_alert.lua")
	srv := httptest.NewServer(e.handler)
	defer srv.Close()
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Go(func() {
			resp, err := http.Get(srv.URL + "/metrics")
			if err != nil {
				errs <- err
				return
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusOK {
				errs <- fmt.Errorf("status %d", resp.StatusCode)
				return
			}
			s := parseSamples(t, strings.NewReader(string(body)))
			for _, c := range []string{"good", "disk_alert", "cpu", "meminfo", "filesystem", "netdev", "diskstats", "loadavg", "stat"} {
				if s[`psulua_collector_success{collector="`+c+`"}`] != 1 {
					errs <- fmt.Errorf("collector %s failed", c)
				}
			}
			if s[`test_answer{kind="life",n="1"}`] != 42 || s["test_events_total"] != 7 {
				errs <- fmt.Errorf("wrong Lua values")
			}
			if len(s.family("node_cpu_seconds_total")) == 0 || len(s.family("psulua_disk_usage_percent")) == 0 {
				errs <- fmt.Errorf("missing series")
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		t.Log(e.log.String())
	}
}

// A collector that allocates without end is stopped at the memory
// ceiling and loses its series.
func TestCollectorOutOfMemory(t *testing.T) {
	dir := t.TempDir()
	e := newTestExporter(t, "--collector.disable-defaults", "--collector.loadavg", "--scrape.timeout=10s",
		"--collector.script.memory-limit=33554432",
		"--collector.script="+writeScript(t, dir, "hog.lua", `
local metrics = require("metrics")
metrics.gauge("hog_series", ""):set(1)
local t = {}
while true do t[#t + 1] = string.rep("x", 65536) .. #t end
`))
	s := e.scrape(t)
	if got, ok := s[`psulua_collector_success{collector="hog"}`]; !ok || got != 0 {
		t.Errorf("psulua_collector_success = %v (present %v), want 0", got, ok)
	}
	if _, ok := s["hog_series"]; ok {
		t.Errorf("the failing collector's series was exported")
	}
	if len(s.family("node_load1")) != 1 {
		t.Errorf("the built-in collector lost its series")
	}
	if log := e.log.String(); !strings.Contains(log, "memory limit") {
		t.Errorf("the log does not mention the memory limit:\n%s", grepLines(log, "hog"))
	}
}

// --collector.script.unsandboxed lets a collector write files.
func TestUnsandboxed(t *testing.T) {
	dir := t.TempDir()
	marker := filepath.Join(dir, "written")
	e := newTestExporter(t, "--collector.disable-defaults", "--collector.script.unsandboxed",
		"--collector.script="+writeScript(t, dir, "writer.lua", `
local metrics = require("metrics")
local f = assert(io.open("`+marker+`", "w")); f:write("x"); f:close()
metrics.gauge("writer_wrote", ""):set(1)
`))
	s := e.scrape(t)
	if s["writer_wrote"] != 1 || s[`psulua_collector_success{collector="writer"}`] != 1 {
		t.Errorf("the unsandboxed collector failed: %s", e.log.String())
	}
	if _, err := os.Stat(marker); err != nil {
		t.Errorf("the unsandboxed collector could not write: %v", err)
	}
}
