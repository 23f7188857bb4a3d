package tests

import (
	"bufio"
	"bytes"
	"math"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// tolerances says how far a psulua number may lie outside the range of the
// two python3-psutil readings taken before and after it: counters that only
// grow must lie between them (0); gauges that move get a margin. The first
// matching pattern wins; anything unmatched must be equal to a reading.
type tolerance struct {
	pattern *regexp.Regexp
	tol     float64
}

var systemTolerances = []tolerance{
	{regexp.MustCompile(`^cpu_percent|^cpu_times_percent`), 100}, // a sample of its own; checked to be in [0, 100] below
	{regexp.MustCompile(`^cpu_times`), 0.011},                    // grows; 1/100 s resolution
	{regexp.MustCompile(`^cpu_freq.*\.current$`), 100},           // MHz, moves with load
	{regexp.MustCompile(`^getloadavg`), 0.5},
	{regexp.MustCompile(`^(virtual|swap)_memory\.percent$`), 1},
	{regexp.MustCompile(`^(virtual|swap)_memory\.`), 32 << 20},
	{regexp.MustCompile(`^disk_usage\.percent$`), 0.5},
	{regexp.MustCompile(`^disk_usage\.(used|free)$`), 64 << 20},
	{regexp.MustCompile(`^boot_time$`), 1}, // derived from uptime by some kernels
	{regexp.MustCompile(`^(cpu_stats|disk_io_counters|net_io_counters)`), 0},
}

type dump map[string]string

func parseDump(t *testing.T, who string, out []byte) dump {
	t.Helper()
	d := dump{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		key, val, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			t.Fatalf("%s: malformed line %q", who, sc.Text())
		}
		d[key] = val
	}
	return d
}

func runDump(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, stderr.String())
	}
	return out
}

// TestSystemFunctionsMatchPsutil is the foundation's acceptance test: a Lua
// script printing every system function gives the same fields and values as
// the same calls in python3-psutil on this machine.
func TestSystemFunctionsMatchPsutil(t *testing.T) {
	needPsutil(t)
	before := parseDump(t, "python3-psutil", runDump(t, oraclePython, "scripts/system_dump.py"))
	ours := parseDump(t, "psulua", runDump(t, psuluaBin, "scripts/system_dump.lua"))
	after := parseDump(t, "python3-psutil", runDump(t, oraclePython, "scripts/system_dump.py"))
	compareDumps(t, systemTolerances, ours, before, after)
}

func compareDumps(t *testing.T, tolerances []tolerance, ours, before, after dump) {
	t.Helper()
	var keys []string
	for k := range ours {
		keys = append(keys, k)
	}
	for k := range before {
		if _, ok := ours[k]; !ok {
			if _, stillThere := after[k]; stillThere {
				t.Errorf("%s: psutil has it (%s), psulua does not", k, before[k])
			}
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := ours[k]
		b, inBefore := before[k]
		a, inAfter := after[k]
		if !inBefore && !inAfter {
			t.Errorf("%s: psulua has it (%s), psutil does not", k, v)
			continue
		}
		if !inBefore {
			b = a
		}
		if !inAfter {
			a = b
		}
		if v == a || v == b {
			continue
		}
		n, errN := strconv.ParseFloat(v, 64)
		nb, errB := strconv.ParseFloat(b, 64)
		na, errA := strconv.ParseFloat(a, 64)
		if errN != nil || errB != nil || errA != nil {
			t.Errorf("%s: psulua %s, psutil %s", k, v, b)
			continue
		}
		tol := 0.0
		for _, r := range tolerances {
			if r.pattern.MatchString(k) {
				tol = r.tol
				break
			}
		}
		lo, hi := math.Min(na, nb), math.Max(na, nb)
		// A relative slack of 1e-9 absorbs float formatting differences.
		slack := tol + 1e-9*math.Max(math.Abs(lo), math.Abs(hi))
		if n < lo-slack || n > hi+slack {
			t.Errorf("%s: psulua %v, psutil %v then %v (tolerance %v)", k, n, nb, na, tol)
		}
		if strings.HasPrefix(k, "cpu_percent") || strings.HasPrefix(k, "cpu_times_percent") {
			if n < 0 || n > 100 {
				t.Errorf("%s: %v is not a percentage", k, n)
			}
		}
	}
}
