//go:build linux

package platform

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// fixturePageSize is the page size of the machines our fixture trees come
// from: 4 KiB for all of them.
const fixturePageSize = 4096

// fixture returns a System reading the fixture tree testdata/<name> at the
// repository's root (dirs proc/, sys/, etc/, dev/ and run/, as
// [FixtureFS] lays them out), with the page size of the fixtures' machine.
func fixture(t *testing.T, name string) *System {
	t.Helper()
	dir := filepath.Join("..", "testdata", name)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	s := New(FixtureFS(dir))
	s.pageSize = fixturePageSize
	return s
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
