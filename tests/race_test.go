package tests

import (
	"bytes"
	"context"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
)

// TestProcessIterRace: hundreds of short-lived processes start and exit
// while a Lua script runs process_iter with every attribute in a loop, then
// reads each process again. Only NoSuchProcess and ZombieProcess may
// surface, and iteration never stops early or panics.
func TestProcessIterRace(t *testing.T) {
	var spawned atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 150; i++ {
				select {
				case <-stop:
					return
				default:
				}
				cmd := exec.Command("true")
				if cmd.Start() == nil {
					spawned.Add(1)
					cmd.Wait()
				}
			}
		}()
	}
	var out bytes.Buffer
	h := engine.New(engine.Options{Stdout: &out, Timeout: 2 * time.Minute})
	defer h.Close()
	spawnersDone := make(chan struct{})
	go func() { wg.Wait(); close(spawnersDone) }()
	h.Register("spawning", func(L *lua.LState) int {
		select {
		case <-spawnersDone:
			L.Push(lua.LFalse)
		default:
			L.Push(lua.LTrue)
		}
		return 1
	})
	err := h.RunString(context.Background(), `
		local psutil = require("psutil")
		local rounds, seen, tolerated = 0, 0, 0
		local deadline = os.time() + 60
		while (rounds < 15 or spawning()) and os.time() < deadline do
			rounds = rounds + 1
			local n = 0
			for p in psutil.process_iter({}, "AD") do
				n = n + 1
				assert(p.info.pid == p.pid)
				local ok, e = pcall(function() return p:as_dict(), p:memory_info(), tostring(p) end)
				if not ok then
					if psutil.iserror(e, psutil.NoSuchProcess) then
						tolerated = tolerated + 1
					else
						error("unexpected error for pid " .. p.pid .. ": " .. tostring(e), 0)
					end
				end
			end
			assert(n > 1, "iteration stopped early")
			seen = seen + n
		end
		print(rounds, seen, tolerated)
	`)
	close(stop)
	<-spawnersDone
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if spawned.Load() < 100 {
		t.Fatalf("only %d processes were spawned during the run", spawned.Load())
	}
	t.Logf("rounds, processes seen, NoSuchProcess tolerated: %s; processes spawned: %d", bytes.TrimSpace(out.Bytes()), spawned.Load())
}
