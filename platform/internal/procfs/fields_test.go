package procfs

import (
	"reflect"
	"testing"
)

func TestNextLine(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"empty", "", nil},
		{"one line", "a b\n", []string{"a b"}},
		{"no final newline", "a\nb", []string{"a", "b"}},
		{"blank lines kept", "a\n\nb\n", []string{"a", "", "b"}},
		{"only a newline", "\n", []string{""}},
	}
	for _, tt := range tests {
		var got []string
		Lines([]byte(tt.in), func(line []byte) { got = append(got, string(line)) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Lines = %q, want %q", tt.name, got, tt.want)
		}
		got = nil
		for b := []byte(tt.in); len(b) > 0; {
			var line []byte
			line, b = NextLine(b)
			got = append(got, string(line))
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: NextLine = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNextField(t *testing.T) {
	tests := []struct {
		name, in    string
		field, rest string
		none        bool
	}{
		{"first of two", "cpu  1 2", "cpu", "  1 2", false},
		{"leading blanks and tabs", " \t 12 kB", "12", " kB", false},
		{"last field", "  42", "42", "", false},
		{"only blanks", " \t ", "", "", true},
		{"empty", "", "", "", true},
	}
	for _, tt := range tests {
		f, rest := NextField([]byte(tt.in))
		if (f == nil) != tt.none || string(f) != tt.field || string(rest) != tt.rest {
			t.Errorf("%s: NextField(%q) = %q, %q; want %q, %q", tt.name, tt.in, f, rest, tt.field, tt.rest)
		}
	}
}

func TestTrimSpace(t *testing.T) {
	// Python's bytes.strip(): ASCII white space only.
	for in, want := range map[string]string{
		"":                    "",
		" \t\n\v\f\r":         "",
		"  eth0 ":             "eth0",
		"\tnodev\tproc\n":     "nodev\tproc",
		"\u00a0x\u00a0":       "\u00a0x\u00a0", // not ASCII
		"\x1c37000\n":         "\x1c37000",     // str.strip() would, bytes.strip() does not
		"a b":                 "a b",
		" 3100000\r\n":        "3100000",
		"\n\n  trip_point_0 ": "trip_point_0",
	} {
		if got := string(TrimSpace([]byte(in))); got != want {
			t.Errorf("TrimSpace(%q) = %q, want %q", in, got, want)
		}
	}
}
