package platform

import (
	"math"
	"strings"
	"testing"
)

func TestPyFloat(t *testing.T) {
	cases := map[float64]string{
		0: "0.0", 1: "1.0", 1.2: "1.2", 37.6: "37.6", 2599.998: "2599.998",
		1389563460: "1389563460.0", 1e16: "1e+16", 1.5e-05: "1.5e-05",
		0.0001: "0.0001", -3.5: "-3.5", 123456789012345.6: "123456789012345.6",
	}
	for f, want := range cases {
		if got := PyFloat(f); got != want {
			t.Errorf("PyFloat(%v) = %q, want %q", f, got, want)
		}
	}
}

func TestPyRepr(t *testing.T) {
	cases := map[string]string{
		"lo":          `'lo'`,
		"it's":        `"it's"`,
		`a'b"c`:       `'a\'b"c'`,
		"a b) (c\nd":  `'a b) (c\nd'`,
		"tab\there":   `'tab\there'`,
		"\x01":        `'\x01'`,
		"back\\slash": `'back\\slash'`,
		"héllo":       `'héllo'`,
		"bad\xffbyte": `'bad\xffbyte'`,
		// Python 3.11's repr() of the same strings.
		"a\u00a0b\u00adc":  `'a\xa0b\xadc'`,
		"\x7f\u0080\u009f": `'\x7f\x80\x9f'`,
		"caf\u00e9 \u00ff": `'café ÿ'`,
		"\u2028":           `'\u2028'`,
		"\U000e0001":       `'\U000e0001'`,
		"\u3000":           `'\u3000'`,
		"x\u200by":         `'x\u200by'`,
		"\ufeff":           `'\ufeff'`,
		"\U0001f600":       `'😀'`,
		`it's "q"`:         `'it\'s "q"'`,
	}
	for s, want := range cases {
		if got := PyRepr(s); got != want {
			t.Errorf("PyRepr(%q) = %s, want %s", s, got, want)
		}
	}
}

func TestBytes2Human(t *testing.T) {
	// psutil's own doctests, and the edges of each unit.
	cases := map[float64]string{
		10000: "9.8K", 100001221: "95.4M", 0: "0.0B", 1023: "1023.0B", 1024: "1.0K",
		1 << 30: "1.0G", 25276063744: "23.5G", -2048: "-2.0K", 1 << 80: "1.0Y",
		1<<20 - 1: "1024.0K", 1 << 90: "1024.0Y", -0.5: "-0.5B", math.Inf(1): "infY", math.Inf(-1): "-infY", math.NaN(): "nanB",
	}
	for n, want := range cases {
		if got := Bytes2Human(n); got != want {
			t.Errorf("Bytes2Human(%v) = %q, want %q", n, got, want)
		}
	}
}

// TestPyReprCut: a message quotes at most reprCut bytes of an argument,
// cut on a character's start, and says how long it was.
func TestPyReprCut(t *testing.T) {
	if got := PyReprCut("short"); got != `'short'` {
		t.Errorf("PyReprCut(short) = %s", got)
	}
	long := "a" + strings.Repeat("é", 300) // 601 bytes: byte 200 is inside a character
	want := "'a" + strings.Repeat("é", 99) + "'... (601 bytes)"
	if got := PyReprCut(long); got != want {
		t.Errorf("PyReprCut of 601 bytes = %s, want %s", got, want)
	}
	// Not a character in sight: cut at reprCut all the same.
	if got, want := PyReprCut(strings.Repeat("\x80", 300)), "'"+strings.Repeat(`\x80`, 200)+"'... (300 bytes)"; got != want {
		t.Errorf("PyReprCut of 300 continuation bytes = %s, want %s", got, want)
	}
}
