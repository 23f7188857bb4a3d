package bindings

import (
	"os"
	"path/filepath"
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// A method given any argument reads afresh, as in psutil 8; without
// arguments it returns what process_iter prefetched. The fixture's statm
// changes between the two.
func TestPrefetchedOnlyWithoutArguments(t *testing.T) {
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(filepath.Join("..", "testdata", "proc-basic"))); err != nil {
		t.Fatal(err)
	}
	statm := filepath.Join(dir, "proc", "4242", "statm")
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.FixtureFS(dir))).Loader)
	L.SetGlobal("grow", L.NewFunction(func(L *lua.LState) int {
		// rss from 389 pages to 3890
		if err := os.WriteFile(statm, []byte("625 3890 292 5 0 84 0\n"), 0o644); err != nil {
			L.RaiseError("%v", err)
		}
		return 0
	}))
	err := L.DoString(`
		local psutil = require("psutil")
		local seen = false
		for p in psutil.process_iter({"memory_percent", "memory_info"}) do
			if p.pid == 4242 then
				seen = true
				local before = p:memory_percent()
				grow()
				assert(p:memory_percent() == before, "no arguments: the prefetched value")
				assert(p:memory_info().rss == 389 * 4096, "memory_info(): the prefetched rss")
				local now = p:memory_percent("rss")
				assert(math.abs(now / before - 10) < 0.01, "memory_percent('rss') read again: " .. now .. " after " .. before)
				assert(p:memory_percent{memtype = "rss"} == now, "named arguments read again too")
				assert(p:memory_percent() == before, "the prefetched value is kept")
			end
		end
		assert(seen, "process_iter lists the fixture's 4242")`)
	if err != nil {
		t.Fatal(err)
	}
}
