// Command exporterbench measures the CPU time psulua-exporter spends per
// scrape against node_exporter's with the same collectors, side by side
// on this machine: both run on loopback, each is scraped in turns by the
// same client (keep-alive, gzip, as Prometheus scrapes), and the CPU time
// of each process (user + system, all threads, from /proc/PID/stat) over
// a round of scrapes is divided by the number of scrapes. It writes
// RESULTS-exporter.md and prints it.
//
//	cd bench && go run ./cmd/exporterbench [-scrapes 400] [-rounds 5] [-quick]
//
// Needs Go and Debian's prometheus-node-exporter.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const nodeExporterBin = "/usr/bin/prometheus-node-exporter"

// The collectors node_exporter and psulua-exporter both have, and the
// exclusions that make their series the same.
var (
	collectors = []string{"--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
		"--collector.filesystem", "--collector.netdev", "--collector.diskstats", "--collector.loadavg", "--collector.stat"}
	nodeOnly = []string{"--collector.netdev.device-exclude=^$",
		"--collector.filesystem.mount-points-exclude=^/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/)"}
	examples = []string{"process_groups.lua", "listening_sockets.lua", "disk_alert.lua"}
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "exporterbench:", err)
		os.Exit(1)
	}
}

// subject is one exporter under measurement.
type subject struct {
	name string
	argv []string
	cmd  *exec.Cmd
	url  string
	// per round: CPU and wall time per scrape, bytes of a scrape
	cpu, wall []time.Duration
	series    int
	bytes     int
}

func run() error {
	fs := flag.NewFlagSet("exporterbench", flag.ContinueOnError)
	scrapes := fs.Int("scrapes", 400, "scrapes of each exporter per round")
	rounds := fs.Int("rounds", 5, "rounds, the exporters taking turns")
	quick := fs.Bool("quick", false, "a smoke run: 50 scrapes, 2 rounds")
	out := fs.String("o", "RESULTS-exporter.md", "where to write the report")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if *quick {
		*scrapes, *rounds = 50, 2
	}
	if _, err := os.Stat(nodeExporterBin); err != nil {
		return fmt.Errorf("%s is needed (Debian: apt-get install prometheus-node-exporter)", nodeExporterBin)
	}
	work, err := os.MkdirTemp("", "exporterbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	bin := filepath.Join(work, "psulua-exporter")
	build := exec.Command("go", "build", "-o", bin, "./cmd/psulua-exporter")
	build.Dir = ".."
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("building psulua-exporter: %w", err)
	}
	var scripts []string
	for _, e := range examples {
		abs, err := filepath.Abs(filepath.Join("..", "examples", "exporter", e))
		if err != nil {
			return err
		}
		scripts = append(scripts, "--collector.script="+abs)
	}
	subjects := []*subject{
		{name: "node_exporter 1.5", argv: append(append([]string{nodeExporterBin}, collectors...), nodeOnly...)},
		{name: "psulua-exporter", argv: append([]string{bin}, collectors...)},
		{name: "psulua-exporter + 3 example Lua collectors", argv: append(append([]string{bin}, collectors...), scripts...)},
	}
	for _, s := range subjects {
		addr, err := freeAddr()
		if err != nil {
			return err
		}
		s.url = "http://" + addr + "/metrics"
		s.cmd = exec.Command(s.argv[0], append(s.argv[1:], "--web.listen-address="+addr, "--log.level=warn")...)
		s.cmd.Stderr = os.Stderr
		if err := s.cmd.Start(); err != nil {
			return err
		}
		defer func(c *exec.Cmd) {
			_ = syscall.Kill(c.Process.Pid, syscall.SIGTERM)
			_ = c.Wait()
		}(s.cmd)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	for _, s := range subjects {
		if err := waitReady(client, s.url); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		body, err := scrape(client, s.url)
		if err != nil {
			return err
		}
		s.bytes = len(body)
		for _, l := range strings.Split(string(body), "\n") {
			if l != "" && l[0] != '#' {
				s.series++
			}
		}
		for i := 0; i < 20; i++ { // warm up
			if _, err := scrape(client, s.url); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(os.Stderr, "exporterbench: %d rounds of %d scrapes each\n", *rounds, *scrapes)
	for r := 0; r < *rounds; r++ {
		for i := range subjects {
			s := subjects[(i+r)%len(subjects)] // each takes every turn in turn
			c0, err := cpuTime(s.cmd.Process.Pid)
			if err != nil {
				return err
			}
			t0 := time.Now()
			for n := 0; n < *scrapes; n++ {
				if _, err := scrape(client, s.url); err != nil {
					return err
				}
			}
			wall := time.Since(t0)
			c1, err := cpuTime(s.cmd.Process.Pid)
			if err != nil {
				return err
			}
			s.cpu = append(s.cpu, (c1-c0)/time.Duration(*scrapes))
			s.wall = append(s.wall, wall/time.Duration(*scrapes))
		}
	}
	report := format(subjects, *scrapes, *rounds)
	fmt.Print(report)
	return os.WriteFile(*out, []byte(report), 0o644)
}

func format(subjects []*subject, scrapes, rounds int) string {
	var b bytes.Buffer
	host, _ := os.Hostname()
	ncpu := "?"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		ncpu = strconv.Itoa(strings.Count(string(data), "\nprocessor") + 1)
	}
	fmt.Fprintf(&b, "# psulua-exporter against node_exporter: CPU per scrape\n\n")
	fmt.Fprintf(&b, "`make bench` (`cd bench && go run ./cmd/exporterbench`), %s, on %s (%s CPUs), %d rounds of %d scrapes of each exporter in turns, same collectors (%s). CPU is the exporter process's user + system time over a round divided by its scrapes (median of the rounds; the client's time is not counted).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 UTC"), host, ncpu, rounds, scrapes, strings.Join(collectors[1:], " "))
	fmt.Fprintf(&b, "| exporter | CPU per scrape | vs node_exporter | wall per scrape | series | bytes |\n|---|---|---|---|---|---|\n")
	base := median(subjects[0].cpu)
	for _, s := range subjects {
		m := median(s.cpu)
		fmt.Fprintf(&b, "| %s | %.2f ms | %.2fx | %.2f ms | %d | %d |\n", s.name, ms(m), float64(m)/float64(base), ms(median(s.wall)), s.series, s.bytes)
	}
	b.WriteString("\nThe psulua-exporter rows include its Go and process collectors (as node_exporter's include its own), and the last its three example collectors from examples/exporter/, each run afresh in a sandboxed Lua host at every scrape.\n")
	return b.String()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// cpuTime is a process's user + system time, all threads, from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s).
func cpuTime(pid int) (time.Duration, error) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, errors.New("bad /proc/PID/stat")
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc/PID/stat")
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("bad /proc/PID/stat times")
	}
	return time.Duration(utime+stime) * 10 * time.Millisecond, nil
}

func scrape(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: status %d", url, resp.StatusCode)
	}
	return body, err
}

func waitReady(c *http.Client, url string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, err := scrape(c, url)
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}
