// Package tests holds psulua's end-to-end tests: the Lua contract scripts,
// the psulua binary, and differential checks against python3-psutil and
// the system's own tools.
package tests

import (
	"bytes"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

// TestLuaScripts runs every tests/lua/*.lua in a fresh host. A script fails
// by raising an error. Scripts reach fixture trees through the global
// function fixture(name), which returns a psutil module reading
// testdata/<name>.
func TestLuaScripts(t *testing.T) {
	scripts, err := filepath.Glob(filepath.Join("lua", "*.lua"))
	if err != nil || len(scripts) == 0 {
		t.Fatalf("no Lua scripts found: %v", err)
	}
	for _, script := range scripts {
		t.Run(filepath.Base(script), func(t *testing.T) {
			var out bytes.Buffer
			h := engine.New(engine.Options{Stdout: &out})
			defer h.Close()
			h.L.SetGlobal("fixture", h.L.NewFunction(fixtureModule))
			if err := h.DoFile(script); err != nil {
				msg := err.Error()
				if le, ok := err.(*lua.ApiError); ok {
					msg = h.L.ToStringMeta(le.Object).String() + "\n" + le.StackTrace
				}
				t.Fatalf("%s\noutput:\n%s", msg, out.String())
			}
		})
	}
}

func fixtureModule(L *lua.LState) int {
	dir := fromRoot("testdata", L.CheckString(1))
	m := bindings.NewModule(platform.New(platform.FixtureFS(dir)))
	return m.Loader(L)
}
