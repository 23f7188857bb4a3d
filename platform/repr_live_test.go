//go:build linux

package platform

import (
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestPyReprPython compares PyRepr with Python's repr() on every code point
// up to U+036F (ASCII, Latin-1 with its controls, no-break space and soft
// hyphen, Latin Extended, IPA, combining marks: ranges that no Unicode
// version since Python's and Go's oldest has changed) and on a few others.
func TestPyReprPython(t *testing.T) {
	var strs []string
	for r := rune(0); r < 0x370; r++ {
		strs = append(strs, "a"+string(r)+"b")
	}
	strs = append(strs, "\u2028\u2029\u3000\u200b\ufeff\U000e0001\U0001f600", `it's "q"`, `it's`, "a\u00a0b\u00adc")
	js, err := json.Marshal(strs)
	if err != nil {
		t.Fatal(err)
	}
	// A repr holds no raw line break, so there is one per line.
	cmd := exec.Command(oraclePython, "-c", "import json, sys\nfor s in json.load(sys.stdin): print(repr(s))")
	cmd.Stdin = strings.NewReader(string(js))
	cmd.Env = append(os.Environ(), "PYTHONIOENCODING=utf-8")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != len(strs) {
		t.Fatalf("python3 printed %d lines for %d strings", len(lines), len(strs))
	}
	for i, s := range strs {
		if got := PyRepr(s); got != lines[i] {
			t.Errorf("PyRepr(%+q) = %s, Python %s", s, got, lines[i])
		}
	}
}
