//go:build linux

package platform

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
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
	dir := testdata(name)
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
	s := New(FixtureFS(dir))
	s.pageSize = fixturePageSize
	return s
}

// testdata is the path of testdata/<elem...> at the module's root: the
// directory of go.mod above the working directory (the checkout, or the
// copy `make unpriv` makes).
func testdata(elem ...string) string {
	root, err := moduleRoot()
	if err != nil {
		panic("platform tests: no go.mod above the working directory")
	}
	return filepath.Join(append([]string{root, "testdata"}, elem...)...)
}

var moduleRoot = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
})

// The live tests compare with python3-psutil. Where it is missing they
// skip, saying what to install, so that `go test ./...` works on any
// machine; CI sets PSULUA_REQUIRE_ORACLES=1, which makes it a failure.
var havePsutil = sync.OnceValue(func() bool {
	return exec.Command(oraclePython, "-c", "import psutil").Run() == nil
})

// needPsutil skips t (or fails it when oracles are required) without
// python3-psutil.
func needPsutil(t testing.TB) {
	t.Helper()
	if havePsutil() {
		return
	}
	msg := oraclePython + " cannot import psutil: apt-get install python3-psutil"
	if os.Getenv("PSULUA_REQUIRE_ORACLES") == "1" {
		t.Fatal(msg + " (PSULUA_REQUIRE_ORACLES=1)")
	}
	t.Skip(msg + " (skipped; PSULUA_REQUIRE_ORACLES=1 makes this a failure)")
}

// oraclePython is Debian's interpreter, which has python3-psutil; the python3
// first on PATH may be another one without it.
const oraclePython = "/usr/bin/python3"

// pyPsutil evaluates a Python expression with psutil imported and decodes its
// JSON value into out: the oracle for live tests. Named tuples come out as
// objects when the expression calls ._asdict().
func pyPsutil(t *testing.T, expr string, out any) {
	t.Helper()
	needPsutil(t)
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
