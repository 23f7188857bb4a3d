package main

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkScrape is one scrape of the collectors node_exporter is
// compared with (make bench compares the whole processes).
func BenchmarkScrape(b *testing.B) {
	e := newTestExporter(&testing.T{}, "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo",
		"--collector.filesystem", "--collector.netdev", "--collector.diskstats", "--collector.loadavg", "--collector.stat")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		e.handler.ServeHTTP(rec, req)
	}
}
