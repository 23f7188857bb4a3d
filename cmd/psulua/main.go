// Command psulua runs Lua scripts with psutil, as the standard lua
// interpreter runs them, and opens an interactive REPL:
//
//	psulua [options] [script [args]]
//
// Options and their order follow Lua 5.1's lua.c: LUA_INIT runs first, then
// -e chunks and -l modules in the order given, then the script with the
// global `arg` and `...`, then the REPL when -i is given or when psulua
// runs on a terminal with nothing else to do; with no script on a pipe,
// stdin is the script. Errors print "psulua: chunk:line: message" and a
// traceback in lua5.1's format on stderr, and exit with status 1;
// os.exit(n) exits with n.
//
// # Differences from lua5.1
//
// tests/cli_test.go runs the same command lines under both and compares
// them up to these differences:
//
//   - string.format, string.find, match, gmatch and gsub (patterns and
//     their error messages) and table.concat are Lua 5.1's, written for
//     psulua: tests/cli/patterns.lua compares thousands of calls.
//   - Syntax errors and the VM's runtime errors are worded as Lua 5.1's
//     ("'=' expected near 'y'", "attempt to call global 'f' (a nil
//     value)"); some library messages are gopher-lua's (the places require
//     searched).
//   - What gopher-lua cannot do at all: weak tables and __gc, string.dump
//     and bytecode, debug hooks (docs/cli.md lists them with the reasons).
//   - An error value with __tostring (psutil's errors) prints by its
//     tostring, with the traceback; lua5.1 says "(error object is not a
//     string)".
//   - A script read from stdin without "-" exits with status 1 on an error;
//     lua5.1 ignores that status and exits 0.
//   - -l name also sets the global name, as Lua 5.2 does; require looks in
//     the script's directory first; --help and --version are psulua's.
//   - The REPL prints the value of expressions without "=", pretty-prints
//     tables, completes names and keeps its history in ~/.psulua_history
//     ($PSULUA_HISTORY).
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	// Its init maps in pages every run touches, before the other
	// packages' inits touch them (see the package).
	_ "github.com/psulua/psulua/cmd/psulua/internal/prefault"
	"github.com/psulua/psulua/platform"
)

const progname = "psulua"

// version is psulua's own version.
const version = "0.1.0"

const usage = `usage: %s [options] [script [args]].
Available options are:
  -e stat  execute string 'stat'
  -l name  require library 'name'
  -i       enter interactive mode after executing 'script'
  -v       show version information
  --       stop handling options
  -        execute stdin and stop handling options
  --sandbox  run under the read-only sandbox: reading the system is
             allowed; process control, setters, running programs, writing
             files and loading code from disk are blocked
  --timeout SECONDS
             stop the run (script, -e, -l and REPL together) after SECONDS
  --help     show this help and exit
  --version  show the versions of psulua, psutil's API and Lua, and exit
With no script and no -e, psulua reads a script from stdin, or opens the
REPL when stdin is a terminal.
Environment: LUA_INIT (a chunk, or @file, run first; not with --sandbox), LUA_PATH and LUA_CPATH (where
require looks, as well as the script's directory), PSULUA_HISTORY (the
REPL's history file, ~/.psulua_history by default), GOGC (Go's garbage
collector; psulua's default is 200), GODEBUG=disablethp=1 (no transparent
huge pages for the heap, which psulua asks for on Linux unless GOGC is set).
Exit status: 0, 1 after an error, 124 when --timeout stopped the run, n
after os.exit(n).
`

// gcPercent is psulua's GOGC. Scripts allocate many small, short-lived
// values (tuples, strings): collecting when the heap reaches three times
// what is live, rather than twice, saves about a tenth of the CPU time of
// listing every process, for no more memory at that size.
const gcPercent = 200

func main() {
	// GOGC still decides when set. The heap's huge pages (hugeHeap) are
	// sized for psulua's GOGC, and left out when GOGC is set.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	hugeHeap()
	exitsAfterRun = true
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// versionLine says which psulua this is, which psutil API it mirrors and
// which Lua it runs.
func versionLine() string {
	return fmt.Sprintf("psulua %s (psutil %s API, %s)", version, platform.Version, lua.LuaVersion)
}

// action is one -e chunk or -l module, run in command-line order.
type action struct {
	opt byte // 'e' or 'l'
	val string
}

// options is the parsed command line.
type options struct {
	actions     []action
	interactive bool          // -i
	showVersion bool          // -v (also set by -i, as lua.c does)
	help        bool          // --help
	longVersion bool          // --version
	sandbox     bool          // --sandbox
	timeout     time.Duration // --timeout SECONDS; 0 for none
	// script is the index in args of the script name, 0 when there is
	// none. Everything after it is the script's arguments.
	script int
	// stdinScript: the script is "-", standard input (but a "-" after
	// "--" names a file).
	stdinScript bool
}

var errUsage = errors.New("usage")

// hasChunk reports whether an -e chunk was given: as in lua.c, -l alone
// still reads a script from stdin (or opens the REPL).
func (o *options) hasChunk() bool {
	for _, a := range o.actions {
		if a.opt == 'e' {
			return true
		}
	}
	return false
}

// parseArgs reads the command line as lua.c's collectargs does: options
// up to the first argument that is not one, which is the script.
// Long options (--help, --version, --sandbox, --timeout) are psulua's own.
func parseArgs(args []string) (options, error) {
	var o options
	for i := 1; i < len(args); i++ {
		a := args[i]
		if len(a) == 0 || a[0] != '-' {
			o.script = i
			return o, nil
		}
		switch {
		case a == "--":
			if i+1 < len(args) {
				o.script = i + 1
			}
			return o, nil
		case a == "-":
			o.script = i
			o.stdinScript = true
			return o, nil
		case a == "--help":
			o.help = true
		case a == "--version":
			o.longVersion = true
		case a == "--sandbox":
			o.sandbox = true
		case a == "--timeout" || strings.HasPrefix(a, "--timeout="):
			val, ok := strings.CutPrefix(a, "--timeout=")
			if !ok {
				i++
				if i >= len(args) {
					return o, errUsage
				}
				val = args[i]
			}
			secs, err := strconv.ParseFloat(val, 64)
			if err != nil || secs <= 0 || secs > 1e9 {
				return o, errUsage
			}
			o.timeout = time.Duration(secs * float64(time.Second))
		case a == "-i":
			o.interactive = true
			o.showVersion = true
		case a == "-v":
			o.showVersion = true
		case a[1] == 'e' || a[1] == 'l':
			val := a[2:]
			if val == "" {
				i++
				if i >= len(args) {
					return o, errUsage
				}
				val = args[i]
			}
			o.actions = append(o.actions, action{a[1], val})
		default:
			return o, errUsage
		}
	}
	return o, nil
}

// exitsAfterRun is set by main, which exits once run returns: the session
// then leaves the files its process listings keep open to the kernel
// (engine.Host.CloseBeforeExit). The tests, which call run again and
// again, release them.
var exitsAfterRun bool

// run is the whole program, testable: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, usageErr := parseArgs(args)
	switch {
	case o.help:
		fmt.Fprintf(stdout, usage, progname)
		return 0
	case o.longVersion:
		fmt.Fprintln(stdout, versionLine())
		return 0
	}

	// Buffer the output of a run that cannot end in the REPL.
	buffered := !o.interactive && (o.script > 0 || o.hasChunk() || o.showVersion || !isTerminal(stdin))
	s := newSession(stdin, stdout, stderr, o.sandbox, buffered, o.timeout)
	defer s.close()
	stopSignals := s.handleSignals()
	defer stopSignals()

	// lua.c's order: LUA_INIT, the usage check, -v, -e and -l, the
	// script, the REPL.
	if !s.ok(s.runInit()) {
		return s.status()
	}
	if usageErr != nil {
		fmt.Fprintf(stderr, usage, progname)
		return 1
	}
	if o.showVersion {
		fmt.Fprintln(stderr, versionLine())
	}
	for _, a := range o.actions {
		var err error
		if a.opt == 'e' {
			err = s.doString(a.val, "(command line)")
		} else {
			err = s.doLibrary(a.val)
		}
		if !s.ok(err) {
			return s.status()
		}
	}
	if o.script > 0 {
		if !s.ok(s.doScript(args, o.script, o.stdinScript)) {
			return s.status()
		}
	}
	switch {
	case o.interactive:
		return s.repl()
	case o.script == 0 && !o.hasChunk() && !o.showVersion:
		if s.stdinIsTerminal() {
			fmt.Fprintln(stderr, versionLine())
			return s.repl()
		}
		// No script on a pipe: the script is stdin, without `arg`.
		if !s.ok(s.doStdin(nil)) {
			return s.status()
		}
	}
	return s.status()
}
