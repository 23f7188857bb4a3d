package gobench

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/psulua/psulua/bench/internal/workload"
	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

// BenchmarkWorkload runs the driver's workloads in-process, output
// discarded, each op as a fresh run would (a new System, a new Lua
// state): the whole-process timings minus exec, runtime start and exit.
func BenchmarkWorkload(b *testing.B) {
	fresh := func() *platform.System { return platform.New(platform.LiveFS()) }
	cases := []struct {
		name string
		fn   func(w io.Writer) error
	}{
		{"ps/floor", func(w io.Writer) error { return workload.FloorPs(w) }},
		{"ps/psulua-go", func(w io.Writer) error { return workload.PsuluaPs(fresh(), w) }},
		{"ps/psulua-lua", func(w io.Writer) error { return runLua("ps.lua", w) }},
		{"ps/gopsutil", func(w io.Writer) error { return workload.GopsutilPs(w) }},
		{"sys/psulua-go", func(w io.Writer) error { return workload.PsuluaSys(fresh(), w) }},
		{"sys/psulua-lua", func(w io.Writer) error { return runLua("sys.lua", w) }},
		{"sys/gopsutil", func(w io.Writer) error { return workload.GopsutilSys(w) }},
		{"conn/psulua-go", func(w io.Writer) error { return workload.PsuluaConn(fresh(), w) }},
		{"conn/psulua-lua", func(w io.Writer) error { return runLua("conn.lua", w) }},
		{"conn/gopsutil", func(w io.Writer) error { return workload.GopsutilConn(w) }},
		{"startup/psulua-lua", func(w io.Writer) error { return runLuaString("", w) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			var w lineCounter
			for b.Loop() {
				w = 0
				if err := c.fn(&w); err != nil {
					b.Fatal(err)
				}
			}
			if strings.HasPrefix(c.name, "ps/") {
				b.ReportMetric(float64(w), "procs")
			}
		})
	}
}

// lineCounter discards what it is written, counting lines.
type lineCounter int

func (c *lineCounter) Write(p []byte) (int, error) {
	*c += lineCounter(bytes.Count(p, []byte{'\n'}))
	return len(p), nil
}

// runLua runs a script of bench/scripts in a new engine, as psulua does.
func runLua(script string, w io.Writer) error {
	h := engine.New(engine.Options{Stdout: w})
	defer h.Close()
	return h.RunFile(context.Background(), filepath.Join("..", "scripts", script))
}

func runLuaString(src string, w io.Writer) error {
	h := engine.New(engine.Options{Stdout: w})
	defer h.Close()
	return h.RunString(context.Background(), src)
}
