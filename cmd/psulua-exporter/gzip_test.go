package main

import (
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	cases := map[string]bool{
		"":                                false,
		"gzip":                            true,
		"deflate, gzip;q=1.0, *;q=0.5":    true,
		"gzip;q=0":                        false,
		"gzip; q=0.000":                   false,
		"gzip;q=0.001":                    true,
		"identity":                        false,
		"*":                               true,
		"br, zstd":                        false,
		"x-gzip":                          false,
		"deflate,gzip":                    true,
		"gzip;q=0, identity":              false,
		"identity;q=1, *;q=0":             false,
		"zstd;q=1.0, gzip;q=0.5, *;q=0.1": true,
	}
	for header, want := range cases {
		if got := acceptsGzip(header); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", header, got, want)
		}
	}
}

// A client that accepts gzip gets the exposition compressed; one that does
// not gets it as it is.
func TestGzipResponse(t *testing.T) {
	e := newTestExporter(t, "--collector.disable-defaults", "--collector.loadavg")
	for _, enc := range []string{"gzip", ""} {
		req := httptest.NewRequest("GET", "/metrics", nil)
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		rec := httptest.NewRecorder()
		e.handler.ServeHTTP(rec, req)
		var body io.Reader = rec.Body
		if got := rec.Header().Get("Content-Encoding"); got != enc {
			t.Fatalf("Accept-Encoding %q: Content-Encoding %q", enc, got)
		}
		if enc == "gzip" {
			gz, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			body = gz
		}
		text, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(text), "\nnode_load1 ") {
			t.Errorf("Accept-Encoding %q: no node_load1 in:\n%.300s", enc, text)
		}
	}
}
