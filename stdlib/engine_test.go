package stdlib_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/psulua/psulua/engine"
)

// host is an engine host, which has the stdlib preloaded.
func host(t *testing.T, opts engine.Options) (*engine.Host, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	opts.Stdout = &out
	h := engine.New(opts)
	t.Cleanup(h.Close)
	return h, &out
}

// Every module works under the read-only sandbox, on psutil's real values.
func TestModulesUnderSandbox(t *testing.T) {
	h, out := host(t, engine.Options{Sandbox: engine.ReadOnly()})
	err := h.DoString(`
		local psutil = require("psutil")
		local json, humanize, term, time, argparse =
			require("json"), require("humanize"), require("term"), require("time"), require("argparse")

		-- A named tuple encodes as an object with its fields in order.
		local vm = psutil.virtual_memory()
		local s = json.encode(vm)
		assert(s:sub(1, 9) == '{"total":', s)
		local back = json.decode(s)
		for _, f in ipairs(vm._fields) do assert(back[f] == vm[f], f) end

		-- A Process encodes through as_dict.
		local p = json.decode(json.encode(psutil.Process()))
		assert(p.pid == psutil.Process().pid, "pid")
		assert(type(p.name) == "string", "name")

		-- Lists of tuples, and tuples nested in tuples.
		json.encode(psutil.cpu_times(true))
		local ok, conns = pcall(psutil.net_connections, "all") -- may be denied
		if ok then json.encode(conns) end
		json.encode(psutil.disk_partitions())

		assert(humanize.bytes2human(vm.total):match("^%d+%.%d[KMGTPEZY]$"))
		assert(humanize.duration(time.time() - psutil.boot_time()):match("%d:%d%d:%d%d$"))
		local args = argparse.new{prog = "t"}:flag{"-a"}:parse({"-a"})
		assert(args.a == true)
		term.write(term.bold("frame"), "\n")
		require("screen").run{delay = 0, iterations = 2, refresh = function(n) return {"refresh " .. n} end}
		time.sleep(0.001)
		print(time.strftime("%Y"))
	`)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if want := "frame\nrefresh 1\nrefresh 2\n" + time.Now().Format("2006") + "\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

func TestSleepStopsAtTimeout(t *testing.T) {
	h, _ := host(t, engine.Options{Timeout: 100 * time.Millisecond})
	start := time.Now()
	err := h.RunString(context.Background(), `require("time").sleep(60)`)
	if time.Since(start) > 10*time.Second {
		t.Fatalf("sleep outlived the timeout")
	}
	if !errors.Is(err, engine.ErrTimeout) {
		t.Fatalf("err = %v, want ErrTimeout", err)
	}
}

func TestArgparseMessageAndExit(t *testing.T) {
	h, out := host(t, engine.Options{})
	err := h.DoString(`
		arg = {[0] = "top.lua", "--bogus"}
		local p = require("argparse").new()
		local args, msg, code = p:parse(arg)
		if not args then print(msg) os.exit(code) end
	`)
	var exit *engine.ExitError
	if !errors.As(err, &exit) || exit.Code != 2 {
		t.Fatalf("err = %v, want os.exit(2)", err)
	}
	if want := "usage: top.lua [-h]\ntop.lua: error: unrecognized arguments: --bogus\n"; out.String() != want {
		t.Errorf("output %q, want %q", out.String(), want)
	}
}

// parse_args and error exit as Python's argparse does: the help on stdout
// with status 0, the usage and the error on stderr with status 2.
func TestArgparseParseArgsExits(t *testing.T) {
	const parser = `
		local p = require("argparse").new{prog = "pidof"}
		p:flag{"-s", help = "one pid only"}
		p:positional{"name", nargs = "+"}
	`
	cases := []struct {
		name, chunk    string
		code           int // -1: no os.exit
		stdout, stderr string
	}{
		{"help", parser + `p:parse_args({"-s", "--help"}) print("not reached")`, 0,
			"usage: pidof [-h] [-s] name [name ...]\n\npositional arguments:\n  name\n\noptions:\n  -h, --help  show this help message and exit\n  -s          one pid only\n", ""},
		{"bad option", parser + `p:parse_args({"-x", "sleep"}) print("not reached")`, 2,
			"", "usage: pidof [-h] [-s] name [name ...]\npidof: error: unrecognized arguments: -x\n"},
		{"missing positional", parser + `p:parse_args({})`, 2,
			"", "usage: pidof [-h] [-s] name [name ...]\npidof: error: the following arguments are required: name\n"},
		{"good command line", parser + `local a = p:parse_args({"-s", "sleep", "cat"}) print(a.s, #a.name)`, -1, "true\t2\n", ""},
		{"error", parser + `p:error("argument -d: must not be negative") print("not reached")`, 2,
			"", "usage: pidof [-h] [-s] name [name ...]\npidof: error: argument -d: must not be negative\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			h, stdout := host(t, engine.Options{Stderr: &stderr})
			err := h.DoString(c.chunk)
			var exit *engine.ExitError
			switch {
			case c.code < 0 && err != nil:
				t.Fatalf("err = %v", err)
			case c.code >= 0 && (!errors.As(err, &exit) || exit.Code != c.code):
				t.Fatalf("err = %v, want os.exit(%d)", err, c.code)
			}
			if stdout.String() != c.stdout || stderr.String() != c.stderr {
				t.Errorf("stdout %q\nstderr %q\nwant   %q\nand    %q", stdout, stderr.String(), c.stdout, c.stderr)
			}
		})
	}
}
