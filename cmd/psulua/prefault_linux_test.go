package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestPrefaultInitsFirst checks, in this test binary run again with
// GODEBUG=inittrace=1, that the prefault package's init runs before the
// inits that touch the pages it maps in: an import that made it wait for
// os or unicode would leave its work mostly undone.
func TestPrefaultInitsFirst(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	order := map[string]int{}
	for i, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "init" {
			order[f[1]] = i
		}
	}
	const prefault = "github.com/psulua/psulua/cmd/psulua/internal/prefault"
	first, ok := order[prefault]
	if !ok {
		t.Fatalf("no init of %s in\n%s", prefault, out)
	}
	later := []string{"os", "unicode", "github.com/yuin/gopher-lua",
		"github.com/psulua/psulua/platform", "github.com/psulua/psulua/engine",
		"github.com/psulua/psulua/stdlib", "github.com/psulua/psulua/bindings"}
	for _, pkg := range later {
		i, ok := order[pkg]
		if !ok {
			t.Errorf("no init of %s in the trace", pkg)
		} else if i < first {
			t.Errorf("%s initialised before %s", pkg, prefault)
		}
	}
}
