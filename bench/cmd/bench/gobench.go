package main

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// benchLine is one result of go test -bench -benchmem.
type benchLine struct {
	name    string // without "Benchmark" and the -GOMAXPROCS suffix
	n       int
	metrics map[string]float64 // ns/op, B/op, allocs/op, procs, ...
	skipped string
}

// runGobench runs bench/gobench's micro-benchmarks on the machine as is.
func (b *bench) runGobench() ([]benchLine, error) {
	b.logf("Go micro-benchmarks (-benchtime %s)", b.cfg.benchtime)
	cmd := exec.Command(filepath.Join(b.work, "gobench.test"), "-test.run", "^$",
		"-test.bench", b.cfg.benchRe, "-test.benchmem", "-test.benchtime", b.cfg.benchtime)
	cmd.Dir = filepath.Join(b.benchDir, "gobench") // the scripts are ../scripts
	out, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("go test -bench: %v\n%s", err, out)
	}
	lines, err := parseGobench(string(out))
	if err != nil {
		return nil, err
	}
	if len(lines) == 0 {
		return nil, fmt.Errorf("go test -bench %q ran no benchmark:\n%s", b.cfg.benchRe, out)
	}
	return lines, nil
}

// parseGobench reads go test's benchmark lines:
//
//	BenchmarkGetter/name/outside-2  	  123	  4567 ns/op	  12 B/op	  1 allocs/op
//	--- SKIP: BenchmarkSystem/sensors_battery
//	    system_test.go:61: not implemented
func parseGobench(out string) ([]benchLine, error) {
	var res []benchLine
	lines := strings.Split(out, "\n")
	for i, ln := range lines {
		switch {
		case strings.HasPrefix(ln, "--- SKIP: Benchmark"):
			name := strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(ln, "--- SKIP:")), "Benchmark")
			why := ""
			if i+1 < len(lines) {
				why = strings.TrimSpace(lines[i+1])
				if _, after, ok := strings.Cut(why, ": "); ok {
					why = after
				}
			}
			res = append(res, benchLine{name: name, skipped: why})
		case strings.HasPrefix(ln, "Benchmark"):
			f := strings.Fields(ln)
			if len(f) < 4 || (len(f)-2)%2 != 0 {
				continue // a benchmark's own log line
			}
			n, err := strconv.Atoi(f[1])
			if err != nil {
				continue
			}
			name := strings.TrimPrefix(f[0], "Benchmark")
			if j := strings.LastIndexByte(name, '-'); j > 0 {
				if _, err := strconv.Atoi(name[j+1:]); err == nil {
					name = name[:j]
				}
			}
			bl := benchLine{name: name, n: n, metrics: map[string]float64{}}
			for k := 2; k+1 < len(f); k += 2 {
				v, err := strconv.ParseFloat(f[k], 64)
				if err != nil {
					return nil, fmt.Errorf("benchmark line %q: %v", ln, err)
				}
				bl.metrics[f[k+1]] = v
			}
			res = append(res, bl)
		}
	}
	return res, nil
}
