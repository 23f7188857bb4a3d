package procfs

import (
	"bytes"
	"strconv"
	"testing"
)

func FuzzParseUint(f *testing.F) {
	addOdd(f)
	for _, s := range []string{"0", "42", "18446744073709551615", "007", "+1", "1 2", "1_000"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		got, ok := ParseUint(b)
		want, err := strconv.ParseUint(string(b), 10, 64)
		if ok != (err == nil) || (ok && got != want) {
			t.Fatalf("ParseUint(%q) = %d, %v; strconv says %d, %v", b, got, ok, want, err)
		}
	})
}

func FuzzParseInt(f *testing.F) {
	addOdd(f)
	for _, s := range []string{"0", "-1", "+7", "9223372036854775807", "-9223372036854775809", "--1", "-"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		got, ok := ParseInt(b)
		want, err := strconv.ParseInt(string(b), 10, 64)
		if ok != (err == nil) || (ok && got != want) {
			t.Fatalf("ParseInt(%q) = %d, %v; strconv says %d, %v", b, got, ok, want, err)
		}
	})
}

// FuzzFields checks the line and field splitters every parser is built
// on against the standard library.
func FuzzFields(f *testing.F) {
	addFixtures(f, []string{"proc/stat", "proc/*/status", "proc/net/dev"})
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		got := Fields(b, nil)
		want := bytes.FieldsFunc(b, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
		if len(got) != len(want) {
			t.Fatalf("Fields(%q) = %q, want %q", b, got, want)
		}
		for i := range got {
			if !bytes.Equal(got[i], want[i]) {
				t.Fatalf("Fields(%q) = %q, want %q", b, got, want)
			}
		}

		// Lines and NextLine give back the input, newlines put back.
		var lines [][]byte
		Lines(b, func(line []byte) { lines = append(lines, line) })
		joined := bytes.Join(lines, []byte("\n"))
		if len(b) > 0 && b[len(b)-1] == '\n' {
			joined = append(joined, '\n')
		}
		if !bytes.Equal(joined, b) {
			t.Fatalf("Lines(%q) = %q", b, lines)
		}

		// NextField walks the same fields as Fields on a line without
		// newlines.
		line, _ := NextLine(b)
		var walked [][]byte
		for rest := line; ; {
			var fld []byte
			fld, rest = NextField(rest)
			if fld == nil {
				break
			}
			walked = append(walked, fld)
		}
		fs := Fields(line, nil)
		if len(walked) != len(fs) {
			t.Fatalf("NextField walk of %q = %q, Fields = %q", line, walked, fs)
		}

		if got, want := TrimSpace(b), bytes.Trim(b, " \t\n\v\f\r"); !bytes.Equal(got, want) {
			t.Fatalf("TrimSpace(%q) = %q, want %q", b, got, want)
		}
	})
}
