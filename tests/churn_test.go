package tests

import (
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
)

// churnSpawner is a shell that starts short-lived processes in batches for
// the given number of seconds and then prints how many it started.
const churnSpawner = `end=$(( $(date +%s) + $1 )); n=0
while [ "$(date +%s)" -lt "$end" ]; do
	for j in 1 2 3 4 5 6 7 8; do sleep 0.02 & done
	wait; n=$((n + 9))
done
echo $n`

// TestProcessChurn: thousands of processes start and exit (grandchildren
// of the test, under two spawning shells) while a script runs process_iter,
// children(true) of the test process, wait_procs on those children and
// net_connections in a loop. Only NoSuchProcess (and ZombieProcess, which
// is one) may surface; wait_procs accounts for every process it is given.
// Bounded: the shells stop after churnSeconds and are killed by pid if the
// test ends first.
func TestProcessChurn(t *testing.T) {
	const churnSeconds = 12
	var spawners []*exec.Cmd
	var outs []*bytes.Buffer
	for i := 0; i < 2; i++ {
		var out bytes.Buffer
		cmd := exec.Command("sh", "-c", churnSpawner, "churn", strconv.Itoa(churnSeconds))
		cmd.Stdout = &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		spawners = append(spawners, cmd)
		outs = append(outs, &out)
	}
	spawnersDone := make(chan struct{})
	go func() {
		for _, cmd := range spawners {
			cmd.Wait()
		}
		close(spawnersDone)
	}()
	t.Cleanup(func() {
		for _, cmd := range spawners {
			cmd.Process.Kill() // by pid; a no-op once it has exited
		}
		<-spawnersDone
	})

	var out bytes.Buffer
	h := engine.New(engine.Options{Stdout: &out, Timeout: time.Minute})
	defer h.Close()
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
		local me = psutil.Process()
		local function tolerate(ok, e)
			if not ok and not psutil.iserror(e, psutil.NoSuchProcess) then
				error("unexpected error: " .. tostring(e), 0)
			end
			return ok
		end
		local rounds, seen, kids, gone, conns, vanished = 0, 0, 0, 0, 0, 0
		local deadline = os.time() + 40
		while spawning() and os.time() < deadline do
			rounds = rounds + 1
			for p in psutil.process_iter({"pid", "ppid", "name", "status", "cmdline", "create_time"}, "AD") do
				seen = seen + 1
			end
			local children = me:children(true)
			kids = kids + #children
			for _, c in ipairs(children) do
				if not tolerate(pcall(function() return c:name(), c:status(), c:ppid(), c:memory_info() end)) then
					vanished = vanished + 1
				end
			end
			local g, a = psutil.wait_procs(children, 0.05)
			assert(#g + #a == #children, "wait_procs lost processes: " .. #g .. " + " .. #a .. " ~= " .. #children)
			gone = gone + #g
			tolerate(pcall(function() conns = conns + #psutil.net_connections("all") end))
		end
		print(rounds, seen, kids, gone, vanished, conns)
	`)
	for _, cmd := range spawners {
		cmd.Process.Kill()
	}
	<-spawnersDone
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	spawned := 0
	for _, o := range outs {
		n, _ := strconv.Atoi(strings.TrimSpace(o.String()))
		spawned += n
	}
	if spawned < 1000 {
		t.Errorf("only %d processes were started during the run", spawned)
	}
	f := strings.Fields(out.String())
	if len(f) != 6 || f[0] == "0" || f[2] == "0" || f[3] == "0" {
		t.Fatalf("rounds, processes seen, children, gone, vanished, connections: %q", out.String())
	}
	t.Logf("processes started: %d; rounds %s, processes seen %s, children(true) %s, gone in wait_procs %s, vanished mid-read %s, connections %s",
		spawned, f[0], f[1], f[2], f[3], f[4], f[5])
}
