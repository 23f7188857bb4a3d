package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// The live tests compare psulua with real programs: python3-psutil, lua5.1,
// tmux. Where one is missing a test skips, saying what to install, so that
// `go test ./...` works on any machine; CI sets PSULUA_REQUIRE_ORACLES=1
// (.ci/run), which makes a missing oracle a failure.

// missingOracle skips t, or fails it when oracles are required.
func missingOracle(t testing.TB, msg string) {
	t.Helper()
	if os.Getenv("PSULUA_REQUIRE_ORACLES") == "1" {
		t.Fatal(msg + " (PSULUA_REQUIRE_ORACLES=1)")
	}
	t.Skip(msg + " (skipped; PSULUA_REQUIRE_ORACLES=1 makes this a failure)")
}

var havePsutil = sync.OnceValue(func() bool {
	return exec.Command(oraclePython, "-c", "import psutil").Run() == nil
})

// needPsutil is for a test that compares with python3-psutil.
func needPsutil(t testing.TB) {
	t.Helper()
	if !havePsutil() {
		missingOracle(t, oraclePython+" cannot import psutil: apt-get install python3-psutil")
	}
}

// needProgram is for a test that runs the program at path, which the
// Debian package pkg installs.
func needProgram(t testing.TB, path, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(path); err != nil {
		missingOracle(t, path+" is missing: apt-get install "+pkg)
	}
}

// moduleRoot is the directory of go.mod above the working directory: the
// checkout, or the copy make unpriv makes.
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

// fromRoot is the path of a file or directory of the module (a fixture
// tree, an example), relative to the working directory when it can be, so
// that what a script prints of its own path stays short.
func fromRoot(elem ...string) string {
	root, err := moduleRoot()
	if err != nil {
		panic("tests: no go.mod above the working directory")
	}
	path := filepath.Join(append([]string{root}, elem...)...)
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, path); err == nil {
			return rel
		}
	}
	return path
}
