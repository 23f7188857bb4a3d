package main

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// withGzip compresses the response for clients that accept gzip (as
// Prometheus does), at gzip's fastest level: promhttp's own compression
// uses the default level, which costs more CPU than reading the machine
// does, for a scrape a few kilobytes smaller on a local network.
func withGzip(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			h.ServeHTTP(w, r)
			return
		}
		gz := gzipWriters.Get().(*gzip.Writer)
		gz.Reset(w)
		defer gzipWriters.Put(gz)
		w.Header().Set("Content-Encoding", "gzip")
		h.ServeHTTP(&gzipResponse{ResponseWriter: w, gz: gz}, r)
		_ = gz.Close()
	})
}

var gzipWriters = sync.Pool{New: func() any {
	gz, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return gz
}}

// acceptsGzip reads an Accept-Encoding header: gzip (or *) listed without
// q=0.
func acceptsGzip(header string) bool {
	for _, part := range strings.Split(header, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		coding = strings.TrimSpace(coding)
		if coding != "gzip" && coding != "*" {
			continue
		}
		q := strings.ReplaceAll(params, " ", "")
		if q == "q=0" || strings.HasPrefix(q, "q=0.0") && strings.Trim(q[len("q=0."):], "0") == "" {
			continue
		}
		return true
	}
	return false
}

type gzipResponse struct {
	http.ResponseWriter
	gz *gzip.Writer
}

func (g *gzipResponse) WriteHeader(status int) {
	g.Header().Del("Content-Length") // the length of the uncompressed body
	g.ResponseWriter.WriteHeader(status)
}

func (g *gzipResponse) Write(p []byte) (int, error) { return g.gz.Write(p) }
