// Command bench is `make bench`: it builds psulua and the per-tool runners
// (and the C floor, with the C compiler), checks that every tool prints
// the same processes, system snapshot, connections and monitor refreshes,
// then times each workload for each tool in turns (A B C A B C ...) on
// this machine in this run, wall time and CPU time (user + system of the
// child and its threads), on the machine as is, loaded (+1000 idle
// processes, 1000 loopback connections) and at scale (+8000 processes,
// 5000 connections); counts system calls per listed process with strace,
// runs the Go micro-benchmarks, and prints a markdown report of medians of
// paired ratios, which it also writes to bench/RESULTS.md and to the
// README's performance section.
//
// Run it from bench/ (go run ./cmd/bench) or the repository root (make
// bench). -quick is a smoke test: few rounds, a few hundred extra
// processes and connections, three monitor refreshes, each
// micro-benchmark run once.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// config is the command line.
type config struct {
	rounds     int
	procs      int           // idle processes started for the loaded runs
	conns      int           // loopback TCP connections (two sockets each) held open for the loaded runs
	scaleProcs int           // idle processes in all for the scale runs; 0 for none
	scaleConns int           // loopback TCP connections in all for the scale runs
	refreshes  int           // refreshes of the monitor workload
	budget     time.Duration // timed rounds of a workload stop after this long (past minRounds)
	benchtime  string        // go test -benchtime of the micro-benchmarks
	benchRe    string        // go test -bench of the micro-benchmarks
	out        string        // the markdown report; "" for none
	python     string
	strace     bool
	gobench    bool
	quick      bool
	readme     string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&c.rounds, "rounds", 15, "timed runs of each tool per workload, interleaved")
	fs.IntVar(&c.procs, "procs", 1000, "idle processes (sleep) started for the loaded runs")
	fs.IntVar(&c.conns, "conns", 1000, "loopback TCP connections (two sockets each, both the bench's) held open for the loaded runs")
	fs.IntVar(&c.scaleProcs, "scale-procs", 8000, "idle processes in all for the scale runs (0: no scale runs)")
	fs.IntVar(&c.scaleConns, "scale-conns", 5000, "loopback TCP connections in all for the scale runs")
	fs.DurationVar(&c.budget, "budget", 2*time.Minute, "the timed rounds of one workload stop once they have taken this long, after at least 5 (0: no limit)")
	fs.IntVar(&c.refreshes, "refreshes", 10, "refreshes of the monitor workload (top.lua and top -b, -d 0.1 -n N)")
	fs.StringVar(&c.benchtime, "benchtime", "300ms", "go test -benchtime of the micro-benchmarks")
	fs.StringVar(&c.benchRe, "bench", ".", "go test -bench: which micro-benchmarks to run")
	fs.StringVar(&c.out, "out", "RESULTS.md", "where to write the markdown report (relative to bench/; \"\" for nowhere)")
	fs.StringVar(&c.readme, "readme", "../README.md", "README whose performance section (between the bench markers) gets the report's tables, up to the Go micro-benchmarks (\"\" for none)")
	fs.StringVar(&c.python, "python", "/usr/bin/python3", "the python with psutil")
	fs.BoolVar(&c.strace, "strace", true, "count system calls with strace -f -c")
	fs.BoolVar(&c.gobench, "gobench", true, "run the Go micro-benchmarks")
	fs.BoolVar(&c.quick, "quick", false, "smoke test: 3 rounds, 100 processes and connections (300 for the scale runs), 3 monitor refreshes, each micro-benchmark once (explicit flags win)")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if c.quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["rounds"] {
			c.rounds = 3
		}
		if !set["procs"] {
			c.procs = 100
		}
		if !set["conns"] {
			c.conns = 100
		}
		if !set["scale-procs"] {
			c.scaleProcs = 300
		}
		if !set["scale-conns"] {
			c.scaleConns = 300
		}
		if !set["refreshes"] {
			c.refreshes = 3
		}
		if !set["benchtime"] {
			c.benchtime = "1x"
		}
	}
	if c.rounds < 1 {
		return c, fmt.Errorf("-rounds must be at least 1")
	}
	if c.refreshes < 1 {
		return c, fmt.Errorf("-refreshes must be at least 1")
	}
	if c.procs < 0 || c.conns < 0 || c.scaleProcs < 0 || c.scaleConns < 0 {
		return c, fmt.Errorf("-procs, -conns, -scale-procs and -scale-conns must not be negative")
	}
	if c.scaleProcs > 0 && (c.scaleProcs < c.procs || c.scaleConns < c.conns) {
		return c, fmt.Errorf("the scale runs add to the loaded runs' processes and connections: -scale-procs and -scale-conns must be at least -procs and -conns")
	}
	return c, nil
}

// run is main, returning the exit status, so that deferred clean-up runs
// and the test can call it.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		fmt.Fprintln(stderr, "bench:", err)
		return 2
	}
	b := &bench{cfg: cfg, log: stderr}
	defer b.cleanup()
	// Ctrl-C or a kill: stop the idle processes (by pid) before leaving.
	sigc := make(chan os.Signal, 1)
	signal.Notify(sigc, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigc)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case sig := <-sigc:
			b.stopping.Store(true)
			fmt.Fprintf(stderr, "bench: %v: stopping\n", sig)
			b.cleanup()
			os.Exit(130)
		case <-done:
		}
	}()

	rep, err := b.run()
	if err != nil {
		if !b.stopping.Load() { // else the clean-up pulled the files from under it
			fmt.Fprintln(stderr, "bench:", err)
		}
		return 1
	}
	md := rep.markdown()
	fmt.Fprint(stdout, md)
	if cfg.out != "" {
		path := cfg.out
		if !filepath.IsAbs(path) {
			path = filepath.Join(b.benchDir, path)
		}
		if err := os.WriteFile(path, []byte(md), 0o644); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		fmt.Fprintln(stderr, "bench: wrote", path)
	}
	if cfg.readme != "" && !cfg.quick {
		path := cfg.readme
		if !filepath.IsAbs(path) {
			path = filepath.Join(b.benchDir, path)
		}
		if err := updateReadme(path, md); err != nil {
			fmt.Fprintln(stderr, "bench:", err)
			return 1
		}
		fmt.Fprintln(stderr, "bench: updated", path)
	}
	return 0
}

// The README's performance section lies between these markers.
const (
	readmeStart = "<!-- bench:start (make bench writes this section) -->"
	readmeEnd   = "<!-- bench:end -->"
)

// updateReadme puts the report, up to the Go micro-benchmarks (which stay
// in RESULTS.md), between the README's markers.
func updateReadme(path, md string) error {
	readme, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	text := string(readme)
	start, end := strings.Index(text, readmeStart), strings.Index(text, readmeEnd)
	if start < 0 || end < start {
		return fmt.Errorf("%s has no %q ... %q section", path, readmeStart, readmeEnd)
	}
	if i := strings.Index(md, "\n### Cost per call from Go"); i >= 0 {
		md = md[:i+1]
	}
	md = strings.Replace(md, "### ", "#### ", -1)
	md = strings.TrimPrefix(md, md[:strings.Index(md, "\n")+1]) // the "do not edit" comment
	section := readmeStart + "\n" + strings.TrimSpace(md) + "\n\nThe cost per call of every function from Go is in bench/RESULTS.md.\n"
	return os.WriteFile(path, []byte(text[:start]+section+text[end:]), 0o644)
}

// logf prints progress on stderr.
func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.log, "[%s] %s\n", time.Since(b.start).Round(time.Second), fmt.Sprintf(format, args...))
}

// findBenchDir looks up from the working directory for bench's go.mod.
func findBenchDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		for _, cand := range []string{d, filepath.Join(d, "bench")} {
			mod, err := os.ReadFile(filepath.Join(cand, "go.mod"))
			if err == nil && strings.HasPrefix(string(mod), "module github.com/psulua/psulua/bench\n") {
				return cand, nil
			}
		}
		if d == filepath.Dir(d) {
			return "", fmt.Errorf("no bench/go.mod above %s", dir)
		}
	}
}
