package sysfs

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// addFixtures seeds f with every file of the fixture trees under the
// repository's testdata/ that matches one of the patterns (relative to a
// fixture's root), then with the literal cases and a few odd inputs.
func addFixtures(f *testing.F, patterns []string, literals ...string) {
	f.Helper()
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
		}
	}
	for _, s := range literals {
		f.Add([]byte(s))
	}
	for _, s := range []string{"", "\n", " ", "-", "+", "_", "\x00", "\xff", "9223372036854775808", "-9223372036854775809", "1e400", "0x10"} {
		f.Add([]byte(s))
	}
}

// addNames seeds f with the entry names of fixture directories matching
// pattern, one name a line: the input of the functions that pick sysfs
// entries by name.
func addNames(f *testing.F, pattern string, literals ...string) {
	f.Helper()
	dirs, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "*", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			continue
		}
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		f.Add([]byte(strings.Join(names, "\n")))
	}
	for _, s := range literals {
		f.Add([]byte(s))
	}
	f.Add([]byte(""))
	f.Add([]byte("\n\n"))
}

// names splits a fuzz input into directory entry names.
func names(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\n")
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
