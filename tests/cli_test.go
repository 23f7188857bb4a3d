package tests

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// luaOracle is Debian's Lua 5.1 interpreter, which psulua's command line
// mirrors.
const luaOracle = "/usr/bin/lua5.1"

// cliCase is one command line run in tests/cli under both lua5.1 and
// psulua: stdout and the exit status must be equal, and stderr too once
// "lua5.1:" reads "psulua:", except for the differences a case declares.
type cliCase struct {
	name      string
	args      []string
	stdin     string
	env       []string
	interrupt bool // send SIGINT once the program runs

	// prefixOnly: gopher-lua's message differs from Lua 5.1's (its parser,
	// its VM and library messages), so only stderr's first line up to
	// "chunk:line:" is compared, and no traceback.
	prefixOnly string
	// diffs turn lua5.1's stderr into psulua's, each for a documented
	// difference.
	diffs []cliDifference
	// luaStatus: lua5.1's exit status differs from psulua's, and why.
	luaStatus *cliStatusDifference
}

type cliStatusDifference struct {
	was, ours int
	why       string
}

// stdinStatus: lua5.1's pmain ignores the status of a script read from
// stdin without "-" (fixed in Lua 5.2); psulua exits 1 on its errors.
var stdinStatus = &cliStatusDifference{0, 1, "lua5.1 ignores the status of a stdin script"}

// cliDifference is a known, documented way psulua's stderr differs.
type cliDifference struct {
	why      string
	pattern  *regexp.Regexp
	replaces string
}

var cliCases = []cliCase{
	{name: "script arguments", args: []string{"args.lua", "a", "b c", ""}},
	{name: "no script arguments", args: []string{"args.lua"}},
	{name: "package.path is Debian's", args: []string{"-e", "print(package.path)"}},
	{name: "LUA_PATH's ;; is the default", args: []string{"-e", "print(package.path)"}, env: []string{"LUA_PATH=/nowhere/?.lua;;"}},
	{name: "options before the script", args: []string{"-e", "x = 1", "-eprint(x)", "args.lua", "-e", "not an option"}},
	{name: "double dash ends options", args: []string{"--", "args.lua", "-v"}},
	{name: "dash runs stdin with arguments", args: []string{"-", "one", "two"}, stdin: "print(arg[0], arg[1], ...)\nprint(#arg)\n"},
	{name: "stdin without a script", stdin: "print(arg, ...)\nprint(1 + 1)\n"},
	{name: "stdin after -l", args: []string{"-l", "lmod"}, stdin: "print('stdin sees', lmod.value)\n"},
	{name: "several -e in order", args: []string{"-e", "print(1)", "-e", "print(2)", "-eprint(3)"}},
	{name: "-e has no arg table", args: []string{"-e", "print(arg, ...)"}},
	{name: "-l before the script", args: []string{"-e", "x = 'from -e'", "-l", "lmod", "show.lua"}},
	{name: "-l missing module", args: []string{"-l", "no_such_module"}},
	{name: "require of a missing module", args: []string{"-e", "print(pcall(require, 'no.such'))"}},
	{name: "require's results and loops", args: []string{"-e", `package.preload.m = function(n) return nil end
package.preload.a = function() return require('a') end
package.preload.v = function(...) return {...} end
print(require('m'), package.loaded.m, require('v')[1], pcall(require, 'a'))`}},
	{name: "package.cpath is Debian's", args: []string{"-e", "print(package.cpath)"}, env: []string{"LUA_CPATH=/nowhere/?.so;;"}},
	{name: "usage error", args: []string{"-x", "args.lua"}, diffs: []cliDifference{usageText}},
	{name: "missing -e chunk", args: []string{"-e"}, diffs: []cliDifference{usageText}},
	{name: "script not found", args: []string{"no_such_script.lua"}},
	{name: "script is a directory", args: []string{"."}},

	{name: "runtime error traceback", args: []string{"traceback.lua"}},
	{name: "deep traceback is cut", args: []string{"deep.lua"}},
	{name: "error in -e", args: []string{"-e", "local t = {} t.x.y = 1"}},
	{name: "error in -e with error()", args: []string{"-e", "print('a') error('b')"}},
	{name: "error number", args: []string{"-e", "error(42)"}},
	{name: "VM error", args: []string{"vm_error.lua"}},
	{name: "error value not a string", args: []string{"error_table.lua"}},
	{name: "error(nil) prints nothing", args: []string{"-e", "print('a') error(nil)"}},
	{name: "error levels", args: []string{"error_level.lua"}},
	{name: "error in a required module", args: []string{"require_main.lua"}},
	{name: "shebang line skipped", args: []string{"shebang.lua"}},
	{name: "syntax error", args: []string{"syntax_exact.lua"}},
	{name: "syntax error at EOF", args: []string{"syntax_eof.lua"}},
	{name: "syntax error in -e", args: []string{"-e", "x = = 1"}},
	{name: "syntax error on stdin", stdin: "print(1)\nlocal 1 = 2\n", luaStatus: stdinStatus},
	{name: "runtime error on stdin", stdin: "print(1)\nerror('oops')\n", luaStatus: stdinStatus},
	{name: "syntax error on stdin with dash", args: []string{"-"}, stdin: "x = = 1\n"},

	{name: "string patterns", args: []string{"patterns.lua"}},

	{name: "os.exit with a status", args: []string{"exit.lua", "3"}},
	{name: "os.exit(0)", args: []string{"exit.lua", "0"}},
	{name: "os.exit without status", args: []string{"-e", "io.write('x') os.exit() print('no')"}},
	{name: "os.exit in -e skips the script", args: []string{"-e", "os.exit(5)", "args.lua"}},

	{name: "string.char out of range", args: []string{"-e", "print(pcall(string.char, 256)) print(pcall(string.char, 65, -1)) print(string.char(65.9))"}},
	{name: "os.time without a day", args: []string{"-e", "print(pcall(os.time, {year = 1e18})) print(pcall(os.time, {year = 2000, day = 1}))"}},
	{name: "string.rep of nothing", args: []string{"-e", "print(#string.rep('', 1e18), #string.rep('ab', -1))"}},
	{name: "unpack past the stack", args: []string{"-e", "print(pcall(unpack, {}, 1, 1e8)) print(select('#', unpack({}, 5, 4)))"}},
	{name: "string.byte past the stack", args: []string{"-e", "print(pcall(string.byte, ('x'):rep(2^22), 1, -1)) print(('abc'):byte(-1), ('abc'):byte(10, 20))"}},
	{name: "LUA_INIT chunk", args: []string{"show.lua"}, env: []string{"LUA_INIT=INIT = 'from LUA_INIT' print('init', arg)"}},
	{name: "LUA_INIT file", args: []string{"-e", "print(INIT)"}, env: []string{"LUA_INIT=@init.lua"}},
	{name: "LUA_INIT error", args: []string{"show.lua"}, env: []string{"LUA_INIT=error('bad init')"}},
	{name: "LUA_INIT missing file", args: []string{"show.lua"}, env: []string{"LUA_INIT=@no_such_init.lua"}},
	{name: "LUA_INIT runs before the usage check", args: []string{"-z"}, env: []string{"LUA_INIT=print('init first')"}, diffs: []cliDifference{usageText}},

	{name: "Ctrl-C stops a loop", args: []string{"-e", "print('looping') io.stdout:flush() while true do end"}, interrupt: true},
}

// usageText: psulua's usage lists its own long options as well.
var usageText = cliDifference{"psulua's usage lists --help and --version", regexp.MustCompile(`(?s)usage: .*`), ""}

// TestCLIMatchesLua runs each case under lua5.1 and psulua.
func TestCLIMatchesLua(t *testing.T) {
	needProgram(t, luaOracle, "lua5.1")
	for _, c := range cliCases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			want := runCLI(t, luaOracle, c)
			got := runCLI(t, psuluaBin, c)
			want.stderr = regexp.MustCompile(`(?m)^(/usr/bin/)?lua5\.1: `).ReplaceAllString(want.stderr, "psulua: ")
			if c.luaStatus != nil {
				if want.status != c.luaStatus.was {
					t.Errorf("lua5.1 exited %d, not %d: %s", want.status, c.luaStatus.was, c.luaStatus.why)
				}
				want.status = c.luaStatus.ours
			}
			for _, d := range c.diffs {
				want.stderr = d.pattern.ReplaceAllString(want.stderr, d.replaces)
				got.stderr = d.pattern.ReplaceAllString(got.stderr, d.replaces)
			}
			if c.prefixOnly != "" {
				want.stderr, got.stderr = errorPosition(want.stderr), errorPosition(got.stderr)
			}
			if got != want {
				var known []string
				for _, d := range c.diffs {
					known = append(known, d.why)
				}
				if c.prefixOnly != "" {
					known = append(known, c.prefixOnly)
				}
				t.Errorf("psulua %q (known differences: %q)\n got: %s\nwant: %s", c.args, known, got, want)
			}
		})
	}
}

// errorPosition is an error's first line up to its position
// ("psulua: chunk:line:"), or the whole first line when it has none.
var cliPositionRE = regexp.MustCompile(`^psulua: [^:\n]*:\d+:`)

func errorPosition(stderr string) string {
	line, _, _ := strings.Cut(stderr, "\n")
	if p := cliPositionRE.FindString(line); p != "" {
		return p + " ..."
	}
	return "psulua: ..."
}

type cliResult struct {
	stdout, stderr string
	status         int
}

func (r cliResult) String() string {
	return "status " + strconv.Itoa(r.status) + "\n--- stdout\n" + r.stdout + "--- stderr\n" + r.stderr
}

// lockedBuffer is a bytes.Buffer that a test may read while a command
// writes to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// runCLI runs interp with a case's arguments, stdin and environment in
// tests/cli, and reads the interpreter's own path (arg[-1]) as "<lua>".
func runCLI(t *testing.T, interp string, c cliCase) cliResult {
	t.Helper()
	return runCLIIn(t, interp, c, "cli")
}

func runCLIIn(t *testing.T, interp string, c cliCase, dir string) cliResult {
	t.Helper()
	cmd := exec.Command(interp, c.args...)
	cmd.Dir = dir
	cmd.Env = append(interpreterEnv(), c.env...)
	cmd.Stdin = strings.NewReader(c.stdin)
	var stdout, stderr lockedBuffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if c.interrupt {
		// Wait for the program to run, then press Ctrl-C.
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(stdout.String(), "looping") && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		cmd.Process.Signal(syscall.SIGINT)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("%s %q did not finish", interp, c.args)
	}
	status := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		status = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return cliResult{stdout: strings.ReplaceAll(stdout.String(), interp, "<lua>"), stderr: stderr.String(), status: status}
}

// interpreterEnv is the test's environment without the variables the
// interpreters read.
func interpreterEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "LUA_") || strings.HasPrefix(kv, "PSULUA_") {
			continue
		}
		env = append(env, kv)
	}
	return env
}

var updateCLI = flag.Bool("update-cli", false, "rewrite tests/cli/expected/ from psulua's output")

// ownCases are psulua's own behaviour, where lua5.1 has nothing to compare
// with or differs on purpose; each compares with tests/cli/expected/<file>.
var ownCases = []struct {
	file string
	cliCase
	dir string // where psulua runs, relative to tests/; cli by default
}{
	{file: "help.txt", cliCase: cliCase{args: []string{"--help"}}},
	{file: "error_object.txt", cliCase: cliCase{args: []string{"error_object.lua"}}},
	{file: "require_from_elsewhere.txt", cliCase: cliCase{args: []string{"cli/require_main.lua"}}, dir: "."},
	{file: "psutil_preloaded.txt", cliCase: cliCase{args: []string{"-e", "print(type(require('psutil').cpu_count))", "-l", "psutil", "-e", "print(type(psutil.virtual_memory))"}}},
	{file: "repl_piped.txt", cliCase: cliCase{args: []string{"-i", "args.lua", "x"}, stdin: "@repl_session.txt"}},
	{file: "repl_eof_in_statement.txt", cliCase: cliCase{args: []string{"-i"}, stdin: "for i = 1, 2 do\nprint(i)\n"}},
	{file: "repl_ctrl_d_status.txt", cliCase: cliCase{args: []string{"-i", "-e", "x = 1"}, stdin: "error('not fatal')\n"}},
	// As lua -E: the sandbox loads no code from disk, and takes none from
	// the environment.
	{file: "sandbox_ignores_lua_init.txt", cliCase: cliCase{args: []string{"--sandbox", "-e", "print(INIT)"}, env: []string{"LUA_INIT=@init.lua"}}},
}

// cliVersionRE is psulua's version line, which the expected files leave out.
var cliVersionRE = regexp.MustCompile(`psulua \S+ \(psutil \S+ API, Lua 5\.1\)`)

// TestCLIOwnBehaviour checks what psulua adds to lua5.1's command line.
func TestCLIOwnBehaviour(t *testing.T) {
	for _, c := range ownCases {
		t.Run(c.file, func(t *testing.T) {
			t.Parallel()
			if strings.HasPrefix(c.stdin, "@") {
				src, err := os.ReadFile(filepath.Join("cli", c.stdin[1:]))
				if err != nil {
					t.Fatal(err)
				}
				c.stdin = string(src)
			}
			if c.dir == "" {
				c.dir = "cli"
			}
			got := cliVersionRE.ReplaceAllString(runCLIIn(t, psuluaBin, c.cliCase, c.dir).String(), "psulua <version>")
			path := filepath.Join("cli", "expected", c.file)
			if *updateCLI {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -run CLIOwn -update-cli to create it)", err)
			}
			if got != string(want) {
				t.Errorf("psulua %q\n got: %s\nwant: %s", c.args, got, want)
			}
		})
	}
}

// TestCLIVersion: --version names psulua's version, the psutil API it
// mirrors and the Lua it runs, on stdout; -v says the same on stderr, as
// lua does.
func TestCLIVersion(t *testing.T) {
	re := regexp.MustCompile(`^psulua \d+\.\d+\.\d+\S* \(psutil \d+\.\d+\.\d+ API, Lua 5\.1\)\n$`)
	long := runCLI(t, psuluaBin, cliCase{args: []string{"--version"}})
	if !re.MatchString(long.stdout) || long.stderr != "" || long.status != 0 {
		t.Errorf("psulua --version: %s", long)
	}
	short := runCLI(t, psuluaBin, cliCase{args: []string{"-v"}})
	if !re.MatchString(short.stderr) || short.stdout != "" || short.status != 0 {
		t.Errorf("psulua -v: %s", short)
	}
}
