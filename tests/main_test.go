package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// psuluaBin is the psulua binary under test and embedBin the example
// embedding program, built once by TestMain (or given by make unpriv).
var psuluaBin, embedBin string

// oraclePython is Debian's interpreter, which has python3-psutil (the
// python3 first on PATH may be another one without it).
const oraclePython = "/usr/bin/python3"

func TestMain(m *testing.M) {
	// make unpriv runs the tests as another user, with a binary it built.
	if bin := os.Getenv("PSULUA_BIN"); bin != "" {
		psuluaBin, embedBin = bin, os.Getenv("PSULUA_EMBED_BIN")
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "psulua-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Readable by everyone: some tests run the binary as an unprivileged user.
	os.Chmod(dir, 0o755)
	psuluaBin = filepath.Join(dir, "psulua")
	embedBin = filepath.Join(dir, "embed")
	for bin, pkg := range map[string]string{psuluaBin: fromRoot("cmd", "psulua"), embedBin: fromRoot("examples", "embed")} {
		build := exec.Command("go", "build", "-o", bin, pkg)
		build.Stdout, build.Stderr = os.Stdout, os.Stderr
		if err := build.Run(); err != nil {
			fmt.Fprintln(os.Stderr, "building", pkg+":", err)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
