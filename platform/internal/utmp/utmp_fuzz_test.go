package utmp

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "*", "var", "run", "utmp"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		if len(b) > RecordSize {
			f.Add(b[:RecordSize+RecordSize/2]) // a torn last record
		}
	}
	f.Add([]byte{})
	f.Add(make([]byte, RecordSize-1))
	f.Add([]byte(strings.Repeat("\xff", RecordSize)))
	f.Add([]byte(strings.Repeat("a", 2*RecordSize)))
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		recs := Parse(b)
		if len(recs) != len(b)/RecordSize {
			t.Fatalf("%d records from %d bytes", len(recs), len(b))
		}
		for _, r := range recs {
			for _, s := range []string{r.Line, r.ID, r.User, r.Host} {
				if strings.IndexByte(s, 0) >= 0 {
					t.Fatalf("string %q holds a NUL", s)
				}
			}
		}
		// Written back as glibc lays records out, they read the same.
		if again := Parse(encode(t, recs...)); len(recs) > 0 && !reflect.DeepEqual(again, recs) {
			t.Fatalf("round trip:\n got %+v\nwant %+v", again, recs)
		}
	})
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
