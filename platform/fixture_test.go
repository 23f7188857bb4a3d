package platform

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// fixture returns a System reading the fixture tree testdata/<name> at the
// repository's root (dirs proc/, sys/ and var/run/utmp).
func fixture(t *testing.T, name string) *System {
	t.Helper()
	dir := filepath.Join("..", "testdata", name)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	return New(FixtureFS(dir))
}

// oraclePython is Debian's interpreter, which has python3-psutil; the python3
// first on PATH may be another one without it.
const oraclePython = "/usr/bin/python3"

// pyPsutil evaluates a Python expression with psutil imported and decodes its
// JSON value into out: the oracle for live tests. Named tuples come out as
// objects when the expression calls ._asdict().
func pyPsutil(t *testing.T, expr string, out any) {
	t.Helper()
	script := "import json, psutil\nprint(json.dumps(" + expr + "))"
	cmd := exec.Command(oraclePython, "-c", script)
	b, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("python3-psutil oracle failed on %q: %v\n%s", expr, err, ee.Stderr)
		}
		t.Fatalf("python3-psutil oracle failed on %q: %v (install python3-psutil)", expr, err)
	}
	if err := json.Unmarshal(b, out); err != nil {
		t.Fatalf("python3-psutil oracle %q: decoding %s: %v", expr, b, err)
	}
}
