package tests

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

// The soak tests run only under make soak (or with PSULUA_SOAK_ITER or
// PSULUA_SOAK_HOSTS set): by default 100,000 rounds of every system
// function and process_iter with all attributes in one host, and 10,000
// hosts created and closed through an engine.Pool. What must stay flat:
// resident memory, goroutines and open file descriptors.

// soakCount reads a positive count from the environment; 0 when unset.
func soakCount(t *testing.T, name string) int {
	s := os.Getenv(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q is not a positive count", name, s)
	}
	return n
}

// soakSample is what must not grow.
type soakSample struct {
	n          int   // iterations done
	rss        int64 // resident set size, bytes
	heap       uint64
	goroutines int
	fds        int
}

func takeSoakSample(t *testing.T, n int) soakSample {
	t.Helper()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	return soakSample{n: n, rss: selfRSS(t), heap: ms.HeapAlloc, goroutines: runtime.NumGoroutine(), fds: len(fds)}
}

func selfRSS(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("\nVmRSS:"))
	if i < 0 {
		t.Fatal("no VmRSS in /proc/self/status")
	}
	f := bytes.Fields(b[i+7:])
	kb, err := strconv.ParseInt(string(f[0]), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return kb << 10
}

func (s soakSample) String() string {
	return fmt.Sprintf("%8d  rss %6.1f MiB  heap %6.1f MiB  goroutines %3d  fds %3d",
		s.n, float64(s.rss)/(1<<20), float64(s.heap)/(1<<20), s.goroutines, s.fds)
}

// checkFlat logs every sample and fails when the last grew past the first
// (taken after a warm-up round): goroutines and fds by more than 2, the
// resident set by more than a quarter plus 16 MiB.
func checkFlat(t *testing.T, samples []soakSample) {
	t.Helper()
	for _, s := range samples {
		t.Log(s)
	}
	first, last := samples[0], samples[len(samples)-1]
	t.Logf("first: %v", first)
	t.Logf("last:  %v", last)
	if last.goroutines > first.goroutines+2 {
		t.Errorf("goroutines grew from %d to %d", first.goroutines, last.goroutines)
	}
	if last.fds > first.fds+2 {
		t.Errorf("open file descriptors grew from %d to %d", first.fds, last.fds)
	}
	if last.rss > first.rss+first.rss/4+16<<20 {
		t.Errorf("resident memory grew from %d MiB to %d MiB", first.rss>>20, last.rss>>20)
	}
}

// soakScript calls every system function of psutil and iterates over the
// processes with all their attributes, rounds times. Errors other than a
// process vanishing stop it.
const soakScript = `
local psutil = require("psutil")
local rounds = ...
local calls = {
	function() return psutil.cpu_times(), psutil.cpu_times(true) end,
	function() return psutil.cpu_percent(), psutil.cpu_percent(nil, true) end,
	function() return psutil.cpu_times_percent(), psutil.cpu_times_percent(nil, true) end,
	function() return psutil.cpu_count(), psutil.cpu_count(false) end,
	function() return psutil.cpu_stats(), psutil.cpu_freq(), psutil.cpu_freq(true) end,
	function() return psutil.getloadavg() end,
	function() return psutil.virtual_memory(), psutil.swap_memory() end,
	function() return psutil.disk_partitions(), psutil.disk_partitions(true), psutil.disk_usage("/") end,
	function() return psutil.disk_io_counters(), psutil.disk_io_counters(true) end,
	function() return psutil.net_io_counters(), psutil.net_io_counters(true) end,
	function() return psutil.net_if_addrs(), psutil.net_if_stats() end,
	function() return psutil.net_connections("all") end,
	function() return psutil.sensors_temperatures(), psutil.sensors_fans(), psutil.sensors_battery() end,
	function() return psutil.boot_time(), psutil.users() end,
	function() return psutil.pids(), psutil.pid_exists(1) end,
}
local procs = 0
for i = 1, rounds do
	for _, f in ipairs(calls) do f() end
	for p in psutil.process_iter({}, "AD") do procs = procs + 1 end
end
return procs
`

func TestSoakSystemFunctions(t *testing.T) {
	total := soakCount(t, "PSULUA_SOAK_ITER")
	if total == 0 {
		t.Skip("make soak runs this (PSULUA_SOAK_ITER rounds)")
	}
	h := engine.New(engine.Options{Stdout: os.Stdout})
	defer h.Close()
	if err := h.RunString(context.Background(), "soak = function(...) "+soakScript+" end"); err != nil {
		t.Fatal(err)
	}
	chunk := max(total/10, 1)
	var samples []soakSample
	start := time.Now()
	procs := 0.0
	for done := 0; done < total; {
		n := min(chunk, total-done)
		res, err := h.Call(context.Background(), "soak", n)
		if err != nil {
			t.Fatalf("after %d rounds: %v", done, err)
		}
		procs += res[0].(float64)
		done += n
		samples = append(samples, takeSoakSample(t, done))
	}
	t.Logf("%d rounds in %v, %.0f processes read with all attributes", total, time.Since(start).Round(time.Millisecond), procs)
	checkFlat(t, samples)
}

func TestSoakPoolHosts(t *testing.T) {
	total := soakCount(t, "PSULUA_SOAK_HOSTS")
	if total == 0 {
		t.Skip("make soak runs this (PSULUA_SOAK_HOSTS hosts)")
	}
	// Every other host shares one System, as a program serving many
	// scripts does; the others make their own.
	sys := platform.New(platform.LiveFS())
	opts := engine.Options{Stdout: &bytes.Buffer{}, Sandbox: engine.ReadOnly(), Timeout: 5 * time.Second}
	const script = `local psutil = require("psutil") x = psutil.cpu_count() + #psutil.pids() + psutil.virtual_memory().total`
	every := max(total/10, 1)
	var samples []soakSample
	start := time.Now()
	for i := 1; i <= total; i++ {
		// A pool of its own each time: Do makes a host, Close closes it.
		o := opts
		if i%2 == 0 {
			o.System = sys
		}
		p := engine.NewPool(o, 1)
		err := p.Do(context.Background(), func(h *engine.Host) error { return h.RunString(context.Background(), script) })
		p.Close()
		if err != nil {
			t.Fatalf("host %d: %v", i, err)
		}
		if i%every == 0 {
			samples = append(samples, takeSoakSample(t, i))
		}
	}
	t.Logf("%d hosts in %v", total, time.Since(start).Round(time.Millisecond))
	checkFlat(t, samples)
}
