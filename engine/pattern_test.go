package engine

import (
	"bytes"
	"context"
	"testing"
)

// The behaviour of the patterns is compared with lua5.1's in
// tests/cli/patterns.lua; the time limit in limits_test.go. Here: a
// pattern so deep that lua5.1 runs out of C stack and crashes is an error.
func TestPatternDepth(t *testing.T) {
	var out bytes.Buffer
	h := New(Options{Stdout: &out})
	defer h.Close()
	err := h.RunString(context.Background(), `
		print(string.find(("a"):rep(3000), ("a?"):rep(3000) .. "$"))
		print(pcall(string.find, ("a"):rep(200000), ("a?"):rep(200000)))
		print(string.gsub(("x"):rep(1e6), "x", "yy"):len())`)
	if err != nil {
		t.Fatal(err)
	}
	want := "1\t3000\nfalse\tpattern too complex\n2000000\n"
	if out.String() != want {
		t.Errorf("printed %q, want %q", out.String(), want)
	}
}
