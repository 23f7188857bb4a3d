package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

// script is a Lua collector, compiled once at start-up; each scrape runs
// its compiled chunk on a host from the pool.
type script struct {
	name  string // the collector label: the file name without .lua
	path  string
	proto *lua.FunctionProto

	mu    sync.Mutex
	descs map[string]*prometheus.Desc // by name, help and labels
}

// loadScripts reads and compiles the collector scripts: a syntax error or
// two collectors of the same name stop the exporter at start-up.
func loadScripts(paths []string) ([]*script, error) {
	names := map[string]string{}
	for _, b := range builtins {
		names[b.name] = "the built-in collector"
	}
	var out []*script
	for _, path := range paths {
		src, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("collector script: %w", err)
		}
		// A first line starting with '#' (#!) is skipped, as lua does,
		// keeping the line count.
		if len(src) > 0 && src[0] == '#' {
			if i := bytes.IndexByte(src, '\n'); i >= 0 {
				src = src[i:]
			} else {
				src = nil
			}
		}
		// Compiled as the engine compiles a host's chunks: gopher-lua's
		// compiler alone keeps its faults (registers, for loops) and 16 KB
		// of buffers in each function, for the life of the exporter.
		proto, err := engine.Compile(context.Background(), src, path)
		if err != nil {
			return nil, fmt.Errorf("collector script %s: %v", path, err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".lua")
		if other, ok := names[name]; ok {
			return nil, fmt.Errorf("collector script %s: collector %q is already %s", path, name, other)
		}
		names[name] = path
		out = append(out, &script{name: name, path: path, proto: proto, descs: map[string]*prometheus.Desc{}})
	}
	return out, nil
}

type luaOptions struct {
	timeout     time.Duration
	memoryLimit int64
	unsandboxed bool
	system      *platform.System
}

// luaCollectors runs the collector scripts at each scrape, concurrently,
// each on a host of its own from an engine Pool.
type luaCollectors struct {
	scripts  []*script
	pool     *engine.Pool
	timeout  time.Duration
	logger   *slog.Logger
	reserved map[string]bool
}

// Names under which a run's chunk and collect functions are reached by
// Host.Call; the pool's reset removes them.
const (
	chunkGlobal   = "__psulua_collector_chunk"
	collectGlobal = "__psulua_collector_collect"
)

func newLuaCollectors(scripts []*script, o luaOptions, logger *slog.Logger) *luaCollectors {
	opts := engine.Options{
		Stdout:      &logWriter{logger: logger, stream: "stdout"},
		Stderr:      &logWriter{logger: logger, stream: "stderr"},
		Timeout:     o.timeout,
		MemoryLimit: o.memoryLimit,
		Modules:     map[string]lua.LGFunction{"metrics": metricsLoader},
	}
	if !o.unsandboxed {
		opts.Sandbox = engine.ReadOnly()
	}
	// Enough hosts for two overlapping scrapes to run every script at once;
	// more scrapes wait for a host, within their time limit.
	size := 2 * len(scripts)
	if size < 2 {
		size = 2
	}
	return &luaCollectors{
		scripts: scripts,
		pool:    engine.NewPool(opts, size),
		timeout: o.timeout,
		logger:  logger,
	}
}

func (lc *luaCollectors) close() { lc.pool.Close() }

// luaResult is one script's outcome in one scrape.
type luaResult struct {
	run *luaRun
	err error
	dur time.Duration
}

// collect runs every script and sends their series and reports. When two
// scripts declare the same metric, the first in the command line's order
// keeps it and the other fails.
func (lc *luaCollectors) collect(ch chan<- prometheus.Metric, report func(chan<- prometheus.Metric, string, time.Duration, error)) {
	results := make([]luaResult, len(lc.scripts))
	var wg sync.WaitGroup
	for i, s := range lc.scripts {
		wg.Go(func() {
			start := time.Now()
			run, err := lc.runScript(s)
			results[i] = luaResult{run: run, err: err, dur: time.Since(start)}
		})
	}
	wg.Wait()
	owner := map[string]string{}
	for i, s := range lc.scripts {
		r := &results[i]
		if r.err == nil {
			for _, m := range r.run.metrics {
				if other, ok := owner[m.name]; ok {
					r.err = fmt.Errorf("metric %s is already declared by collector %s", m.name, other)
					break
				}
			}
		}
		if r.err == nil {
			for _, m := range r.run.metrics {
				owner[m.name] = s.name
			}
			r.err = s.send(ch, r.run)
		}
		report(ch, s.name, r.dur, r.err)
	}
}

// runScript runs the script's chunk (which declares its metrics and
// registers its collect functions) and then those functions, on one host,
// within the scrape's time limit.
func (lc *luaCollectors) runScript(s *script) (*luaRun, error) {
	ctx, cancel := context.WithTimeoutCause(context.Background(), lc.timeout, engine.ErrTimeout)
	defer cancel()
	run := newLuaRun(lc.reserved)
	err := lc.pool.Do(ctx, func(h *engine.Host) error {
		runs.Store(h.L.G, run)
		defer runs.Delete(h.L.G)
		defer func() { run.done = true }()
		// Raw sets: the script may have given the globals a metatable
		// whose __newindex would run outside the time-limited call.
		globals := h.L.Get(lua.GlobalsIndex).(*lua.LTable)
		globals.RawSetString(chunkGlobal, h.L.NewFunctionFromProto(s.proto))
		if _, err := h.Call(ctx, chunkGlobal); err != nil {
			return describeError(err)
		}
		for _, fn := range run.collect {
			globals.RawSetString(collectGlobal, fn)
			if _, err := h.Call(ctx, collectGlobal); err != nil {
				return describeError(err)
			}
		}
		return nil
	})
	if err != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, engine.ErrTimeout)) && !isLuaError(err) {
		err = fmt.Errorf("no Lua host free within the time limit of %v", lc.timeout)
	}
	return run, err
}

func isLuaError(err error) bool {
	var le *engine.Error
	return errors.As(err, &le)
}

// describeError gives a script's error with where it was raised, and
// keeps the *engine.Error for errors.As.
func describeError(err error) error {
	var le *engine.Error
	if errors.As(err, &le) && le.File != "" && !strings.HasPrefix(le.Message, le.File) {
		return fmt.Errorf("%s:%d: %w", le.File, le.Line, err)
	}
	var exit *engine.ExitError
	if errors.As(err, &exit) {
		return fmt.Errorf("the script called os.exit(%d)", exit.Code)
	}
	return err
}

// send turns a run's series into const metrics. Nothing is sent unless
// every series is valid, so a collector's series are all there or none.
func (s *script) send(ch chan<- prometheus.Metric, run *luaRun) error {
	var out []prometheus.Metric
	for _, m := range run.metrics {
		desc := s.desc(m)
		t := prometheus.GaugeValue
		if m.kind == counterKind {
			t = prometheus.CounterValue
		}
		keys := make([]string, 0, len(m.series))
		for k := range m.series {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			se := m.series[k]
			cm, err := prometheus.NewConstMetric(desc, t, se.value, se.values...)
			if err != nil {
				return fmt.Errorf("metric %s: %w", m.name, err)
			}
			out = append(out, cm)
		}
	}
	for _, cm := range out {
		ch <- cm
	}
	return nil
}

// desc returns the description of a declared metric, made once per
// script for each name, help and label list.
func (s *script) desc(m *luaMetric) *prometheus.Desc {
	key := m.name + "\x00" + m.kind.String() + "\x00" + m.help + "\x00" + strings.Join(m.labels, "\xff")
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.descs[key]
	if !ok {
		if len(s.descs) > 10000 {
			clear(s.descs) // a script that declares ever new names
		}
		d = prometheus.NewDesc(m.name, m.help, m.labels, nil)
		s.descs[key] = d
	}
	return d
}

// logWriter sends what collector scripts print to the log, at debug level.
type logWriter struct {
	logger *slog.Logger
	stream string
}

func (w *logWriter) Write(p []byte) (int, error) {
	w.logger.Debug("collector script output", "stream", w.stream, "text", strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

var _ io.Writer = (*logWriter)(nil)
