package procfs

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"testing"
	"time"
)

// addFixtures seeds f with every file of the fixture trees under the
// repository's testdata/ that matches one of the patterns (relative to a
// fixture's root, e.g. "proc/*/stat"), then with the literal cases.
func addFixtures(f *testing.F, patterns []string, literals ...string) {
	f.Helper()
	n := 0
	for _, p := range patterns {
		files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "*", p))
		if err != nil {
			f.Fatal(err)
		}
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			n++
		}
	}
	for _, s := range literals {
		f.Add([]byte(s))
	}
	if n+len(literals) == 0 {
		f.Fatal("no seeds")
	}
}

// oddInputs are added to every target: what no kernel prints but a
// truncated read, a changed format or a corrupt file can give.
var oddInputs = []string{
	"",
	"\n",
	"\n\n\n",
	" ",
	"\t",
	":",
	"()",
	")(",
	"\x00\x00\x00\x00",
	"\xff\xfe\xfd",
	"-",
	"-9223372036854775808",
	"18446744073709551616",
	"99999999999999999999999999",
	"0x1f",
	"nan inf -inf",
}

// addOdd adds oddInputs to f.
func addOdd(f *testing.F) {
	for _, s := range oddInputs {
		f.Add([]byte(s))
	}
}

// contains reports whether sub is a slice of b's memory (or empty): what
// a parser says aliases its input must lie inside it.
func contains(b, sub []byte) bool {
	if len(sub) == 0 {
		return true
	}
	if len(b) == 0 {
		return false
	}
	for i := range b {
		if &b[i] == &sub[0] {
			return i+len(sub) <= len(b)
		}
	}
	return false
}

// watchdog fails the fuzz target when one input runs for more than 10
// seconds, which Go's fuzzing does not check by itself: the worker would
// wait forever. The panic prints every goroutine, the hung parser's too.
func watchdog() (stop func()) {
	t := time.AfterFunc(10*time.Second, func() {
		debug.SetTraceback("all")
		panic("one input ran for more than 10s: the parser hangs")
	})
	return func() { t.Stop() }
}
