package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParseArgs(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want options
		err  bool
	}{
		{name: "nothing", args: nil, want: options{}},
		{name: "script and its arguments", args: []string{"s.lua", "a", "-e"}, want: options{script: 1}},
		{name: "-e and -l in order", args: []string{"-e", "x=1", "-lmod", "-ey=2", "s.lua"},
			want: options{actions: []action{{'e', "x=1"}, {'l', "mod"}, {'e', "y=2"}}, script: 5}},
		{name: "-i implies -v", args: []string{"-i"}, want: options{interactive: true, showVersion: true}},
		{name: "-v", args: []string{"-v", "s.lua"}, want: options{showVersion: true, script: 2}},
		{name: "-- ends options", args: []string{"--", "-e"}, want: options{script: 2}},
		{name: "-- alone", args: []string{"--"}, want: options{}},
		{name: "dash is stdin", args: []string{"-", "a"}, want: options{script: 1, stdinScript: true}},
		{name: "dash after -- is a file", args: []string{"--", "-"}, want: options{script: 2}},
		{name: "empty argument is a script", args: []string{""}, want: options{script: 1}},
		{name: "--help", args: []string{"--help"}, want: options{help: true}},
		{name: "--version", args: []string{"--version"}, want: options{longVersion: true}},
		{name: "unknown option", args: []string{"-x"}, err: true},
		{name: "unknown long option", args: []string{"--sandboxed"}, err: true},
		{name: "options do not combine", args: []string{"-iv"}, err: true},
		{name: "-e without its chunk", args: []string{"-e"}, err: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := parseArgs(append([]string{"psulua"}, c.args...))
			if (err != nil) != c.err {
				t.Fatalf("parseArgs(%q) error %v, want error: %v", c.args, err, c.err)
			}
			if !c.err && !reflect.DeepEqual(got, c.want) {
				t.Errorf("parseArgs(%q) = %+v, want %+v", c.args, got, c.want)
			}
		})
	}
}

// runPsulua runs the command line in-process with stdin, returning stdout,
// stderr and the status.
func runPsulua(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	status := run(append([]string{"psulua"}, args...), strings.NewReader(stdin), &stdout, &stderr)
	return stdout.String(), stderr.String(), status
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "s.lua")
	os.WriteFile(script, []byte("local m = require('mod')\nprint(m, ...)\nprint(#arg, arg[0] == ...)\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "mod.lua"), []byte("return 'mod next to the script'\n"), 0o644)
	bad := filepath.Join(dir, "bad.lua")
	os.WriteFile(bad, []byte("local function f()\n  error('bad')\nend\nf()\n"), 0o644)
	// A second of compiling: gopher-lua looks each constant up among all.
	var slow strings.Builder
	for i := range 12500 {
		fmt.Fprintf(&slow, "g%d=1 ", i)
	}

	cases := []struct {
		name           string
		stdin          string
		args           []string
		stdout, stderr string
		status         int
		prefix         bool // stdout and stderr start with the text given
	}{
		{name: "script with arguments and a module beside it", args: []string{script, "a"},
			stdout: "mod next to the script\ta\n1\tfalse\n"},
		{name: "runtime error", args: []string{bad}, stderr: "psulua: " + bad + ":2: bad\nstack traceback:\n" +
			"\t[C]: in function 'error'\n\t" + bad + ":2: in function 'f'\n\t" + bad + ":4: in main chunk\n\t[C]: ?\n", status: 1},
		{name: "syntax error", args: []string{"-e", "x = = 1"}, stderr: "psulua: (command line):1: unexpected symbol near '='\n", status: 1},
		{name: "os.exit unwinds and returns its status", args: []string{"-e", "print(1) os.exit(3) print(2)"}, stdout: "1\n", status: 3},
		{name: "os.exit survives pcall", args: []string{"-e", "pcall(os.exit, 4) print('after pcall')"}, status: 4},
		{name: "os.exit from a coroutine", args: []string{"-e", "coroutine.wrap(function() os.exit(5) end)() print('no')"}, status: 5},
		{name: "os.exit(0) skips the rest", args: []string{"-e", "os.exit(0)", "-e", "print('no')"}},
		{name: "stdin script", stdin: "print(...)\nprint(arg)\n", stdout: "\nnil\n"},
		{name: "error object with __tostring", args: []string{"-e", "error(setmetatable({}, {__tostring = function() return 'psutil.AccessDenied: (pid=1)' end}))"},
			stderr: "psulua: psutil.AccessDenied: (pid=1)\nstack traceback:\n\t[C]: in function 'error'\n\t(command line):1: in main chunk\n\t[C]: ?\n", status: 1},
		{name: "error object with a failing __tostring", args: []string{"-e", "error(setmetatable({}, {__tostring = function() error('no', 0) end}))"},
			stderr: "psulua: <table: __tostring failed: no>\nstack traceback:\n\t[C]: in function 'error'\n\t(command line):1: in main chunk\n\t[C]: ?\n", status: 1},
		{name: "error object without __tostring", args: []string{"-e", "error({})"}, stderr: "psulua: (error object is not a string)\n", status: 1},
		{name: "-l sets the global", args: []string{"-l", "psutil", "-e", "print(type(psutil))"}, stdout: "table\n"},
		{name: "usage", args: []string{"-x"}, stderr: "usage: psulua", status: 1, prefix: true},
		{name: "help", args: []string{"--help"}, stdout: "usage: psulua", prefix: true},
		{name: "help() in a script prints the overview", args: []string{"-e", "help()"}, stdout: helpText + "\n"},
		{name: "help(x) in a script, in order with print", args: []string{"-e", "print(1) help('cpu_count') print(2)"},
			stdout: "1\npsutil.cpu_count(logical)\n\npsutil.cpu_count(logical) · psutil.cpu_count{logical=}\n", prefix: true},
		{name: "dir in a script", args: []string{"-e", "print(table.concat(dir(require('psutil').swap_memory()), ' '))"},
			stdout: "free percent sin sout total used\n"},
		{name: "--sandbox has help and dir", args: []string{"--sandbox", "-e", "help('pids') print(dir(require('psutil'))[1])"},
			stdout: "psutil.pids()\n", prefix: true},
		{name: "--sandbox blocks os.execute", args: []string{"--sandbox", "-e", "os.execute('true')"},
			stderr: "psulua: (command line):1: os.execute is blocked by the sandbox (read-only policy)\n", status: 1, prefix: true},
		{name: "--sandbox still reads the system", args: []string{"--sandbox", "-e", "print(require('psutil').cpu_count() > 0)"}, stdout: "true\n"},
		{name: "--sandbox blocks require of files", args: []string{"--sandbox", script}, stderr: "psulua: " + script + ":1: module 'mod' not found:\n\tno field package.preload['mod']\n\tno file searched: loading modules from disk is blocked by the sandbox", status: 1, prefix: true},
		{name: "--sandbox stops a memory bomb", args: []string{"--sandbox", "-e", "local t = {} local i = 0 while true do i = i + 1 t[i] = {i, i, i, i} end"},
			stderr: "psulua: memory limit of 268435456 bytes exceeded (--sandbox)\n", status: 1, prefix: true},
		{name: "--sandbox refuses a result past the memory limit, saying which", args: []string{"--sandbox", "-e", "local s = ('x'):rep(1e9)"},
			stderr: "psulua: (command line):1: string.rep: result of 1000000000 bytes exceeds the memory limit (268435456 bytes) (--sandbox)\n", status: 1, prefix: true},
		{name: "--sandbox memory limit is not caught by pcall", args: []string{"--sandbox", "-e", "pcall(function() local t = {} for i = 1, 1e9 do t[i] = {i, i} end end) print('went on')"},
			stderr: "psulua: memory limit of 268435456 bytes exceeded (--sandbox)\n", status: 1, prefix: true},
		{name: "--sandbox stops a REPL statement at the memory ceiling, and the REPL goes on", args: []string{"--sandbox", "-i"},
			stdin:  "local t = {} for i = 1, 1e9 do t[i] = {i, i} end\nprint('still here')\n",
			stdout: "> > still here\n> \n", stderr: versionLine() + "\nType help() for help, Ctrl-D to exit.\nmemory limit of 268435456 bytes exceeded (--sandbox)\n"},
		{name: "--timeout stops a slow pattern", args: []string{"--timeout", "0.2", "-e", "local s = ('a'):rep(100000) print(s:find('.-.-b'))"},
			stderr: "psulua: time limit of 200ms exceeded (--timeout)\n", status: 124, prefix: true},
		{name: "--timeout stops a loop", args: []string{"--timeout", "0.2", "-e", "while true do end"},
			stderr: "psulua: time limit of 200ms exceeded (--timeout)\n", status: 124, prefix: true},
		{name: "--timeout stops a slow compilation", args: []string{"--timeout", "0.2", "-e", slow.String()},
			stderr: "psulua: time limit of 200ms exceeded (--timeout)\n", status: 124},
		{name: "--timeout= stops a blocking call", args: []string{"--timeout=0.2", "-e", "require('psutil').cpu_percent(10)"},
			stderr: "psulua: time limit of 200ms exceeded (--timeout)\n", status: 124, prefix: true},
		{name: "--timeout that is not a number", args: []string{"--timeout", "soon"}, stderr: "usage: psulua", status: 1, prefix: true},
		{name: "--timeout that is not positive", args: []string{"--timeout", "0"}, stderr: "usage: psulua", status: 1, prefix: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, status := runPsulua(t, c.stdin, c.args...)
			match := func(got, want string) bool {
				if c.prefix {
					return strings.HasPrefix(got, want)
				}
				return got == want
			}
			if status != c.status || !match(stdout, c.stdout) || !match(stderr, c.stderr) {
				t.Errorf("psulua %q: status %d\nstdout:\n%s\nstderr:\n%s\nwant status %d\nstdout:\n%s\nstderr:\n%s",
					c.args, status, stdout, stderr, c.status, c.stdout, c.stderr)
			}
		})
	}
}

func TestLuaInit(t *testing.T) {
	dir := t.TempDir()
	init := filepath.Join(dir, "init.lua")
	os.WriteFile(init, []byte("X = 'from file'\n"), 0o644)

	t.Setenv("LUA_INIT", "X = 'from chunk'")
	if out, _, _ := runPsulua(t, "", "-e", "print(X)"); out != "from chunk\n" {
		t.Errorf("LUA_INIT chunk: %q", out)
	}
	t.Setenv("LUA_INIT", "@"+init)
	if out, _, _ := runPsulua(t, "", "-e", "print(X)"); out != "from file\n" {
		t.Errorf("LUA_INIT file: %q", out)
	}
	t.Setenv("LUA_INIT", "error('no')")
	if _, errOut, status := runPsulua(t, "", "-e", "print(X)"); status != 1 || !strings.HasPrefix(errOut, "psulua: LUA_INIT:1: no\n") {
		t.Errorf("LUA_INIT error: %d %q", status, errOut)
	}
}

func TestInterruptedMessage(t *testing.T) {
	for msg, want := range map[string]string{
		"(command line):1: context canceled":                     "interrupted!",
		"stdin:3: psutil.cpu_percent: context canceled":          "stdin:3: psutil.cpu_percent: interrupted!",
		"t.lua:1: something else":                                "t.lua:1: something else",
		"x.lua:12: f: dial tcp: context canceled":                "x.lua:12: f: dial tcp: interrupted!",
		"context canceled":                                       "interrupted!",
		"weird:name:with:colons.lua:7: context canceled":         "interrupted!",
		"no position here: context canceled":                     "no position here: interrupted!",
		"t.lua:x: context canceled":                              "t.lua:x: interrupted!",
		"[string \"while true do end\"]:1: context canceled":     "interrupted!",
		"(command line):1: a message ending in context canceled": "(command line):1: a message ending in interrupted!",
	} {
		if got := interruptedMessage(msg); got != want {
			t.Errorf("interruptedMessage(%q) = %q, want %q", msg, got, want)
		}
	}
}
