package engine

import (
	"context"
	"strings"
	"testing"
)

// largestWrite records the largest single write it is given.
type largestWrite struct{ max, total int }

func (w *largestWrite) Write(p []byte) (int, error) {
	w.max, w.total = max(w.max, len(p)), w.total+len(p)
	return len(p), nil
}

// TestOutputWritesLongPiecesAsTheyAre: print and io.write give a long
// string to the writer as it is, without first joining all their
// arguments (twenty 50 MB strings made a gigabyte: 24 s and 2 GB under
// the sandbox).
func TestOutputWritesLongPiecesAsTheyAre(t *testing.T) {
	for _, fn := range []string{"print", "io.write"} {
		var w largestWrite
		h := New(Options{Stdout: &w, Sandbox: ReadOnly()})
		err := h.RunString(context.Background(), `local s = ("x"):rep(2^20) local t = {} for i = 1, 20 do t[i] = s end `+fn+`(unpack(t))`)
		h.Close()
		if err != nil {
			t.Fatal(err)
		}
		if w.max > 1<<20 || w.total < 20<<20 {
			t.Errorf("%s: largest write %d bytes of %d", fn, w.max, w.total)
		}
	}
}

// TestConcatWritesNumbersAsLua: `..` writes numbers as tostring does
// ("%.14g"), with and without a memory limit (which compiles chains of
// `..` as calls), and blames the value that is neither string nor number.
func TestConcatWritesNumbersAsLua(t *testing.T) {
	for _, opts := range []Options{{}, {MemoryLimit: 256 << 20}} {
		h := New(opts)
		err := h.RunString(context.Background(), `
			local n
			out = 1/3 .. "|" .. 2^63 .. "|" .. 0/0 .. "|" .. 0.1 + 0.2 .. "|" .. select(2, pcall(function() return "a" .. n end))`)
		got := h.L.GetGlobal("out").String()
		h.Close()
		want := `0.33333333333333|9.2233720368548e+18|-nan|0.3|<string>:3: attempt to concatenate`
		if err != nil || !strings.HasPrefix(got, want) || !strings.Contains(got, "a nil value") {
			t.Errorf("memory limit %d: %q, %v; want %q...", opts.MemoryLimit, got, err, want)
		}
	}
}
