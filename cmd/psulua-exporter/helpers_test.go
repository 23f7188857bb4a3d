package main

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/psulua/psulua/platform"
)

// samples is a scrape: each series, written as in the exposition format
// (`name{a="x",b="y"}`, labels sorted), with its value.
type samples map[string]float64

// parseSamples reads the text exposition format as client_golang writes it.
func parseSamples(t *testing.T, r io.Reader) samples {
	t.Helper()
	out := samples{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			t.Fatalf("bad exposition line %q", line)
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad value in %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// family returns the series of one metric name.
func (s samples) family(name string) samples {
	out := samples{}
	for k, v := range s {
		if k == name || strings.HasPrefix(k, name+"{") {
			out[k] = v
		}
	}
	return out
}

// syncBuffer is a log destination safe for the collectors' goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// testExporter is the exporter's handler configured by a command line, in
// the test's process, with its log.
type testExporter struct {
	handler http.Handler
	log     *syncBuffer
}

func newTestExporter(t *testing.T, args ...string) *testExporter {
	t.Helper()
	var out bytes.Buffer
	c, status := parseArgs(args, &out, &out)
	if c == nil {
		t.Fatalf("parseArgs(%q): status %d: %s", args, status, out.String())
	}
	log := &syncBuffer{}
	logger := slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	h, closeFn, err := newHandler(c, platform.New(platform.LiveFS()), logger)
	if err != nil {
		t.Fatalf("newHandler: %v", err)
	}
	t.Cleanup(closeFn)
	return &testExporter{handler: h, log: log}
}

// scrape serves one request for /metrics.
func (e *testExporter) scrape(t *testing.T) samples {
	t.Helper()
	rec := httptest.NewRecorder()
	e.handler.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("scrape: status %d: %s", rec.Code, rec.Body.String())
	}
	return parseSamples(t, rec.Body)
}

// writeScript writes a collector script into dir and returns its path.
func writeScript(t *testing.T, dir, name, src string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
