// Command psulua runs Lua scripts with psutil, as the standard lua
// interpreter runs them:
//
//	psulua [options] [script [args]]
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
)

const progname = "psulua"

// version is psulua's own version.
const version = "0.1.0"

const usage = `usage: %s [options] [script [args]].
Available options are:
  -e stat  execute string 'stat'
  -l name  require library 'name'
  -v       show version information
  --       stop handling options
  -        execute stdin and stop handling options
`

func main() {
	os.Exit(run(os.Args, os.Stdin, os.Stdout, os.Stderr))
}

// run is the whole program, testable: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	h := engine.New(engine.Options{Stdout: stdout})
	defer h.Close()
	L := h.L

	// Options come first, as lua.c parses them; the script and its
	// arguments follow.
	scriptIdx := len(args)
	type action struct{ opt, val string }
	var actions []action
	showVersion := false
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			scriptIdx = i + 1
			i = len(args)
		case a == "-":
			scriptIdx = i
			i = len(args)
		case a == "-v":
			showVersion = true
		case a == "-e" || a == "-l":
			if i+1 >= len(args) {
				fmt.Fprintf(stderr, usage, progname)
				return 1
			}
			actions = append(actions, action{a, args[i+1]})
			i++
		case strings.HasPrefix(a, "-e") || strings.HasPrefix(a, "-l"):
			actions = append(actions, action{a[:2], a[2:]})
		case strings.HasPrefix(a, "-") && len(a) > 1:
			fmt.Fprintf(stderr, usage, progname)
			return 1
		default:
			scriptIdx = i
			i = len(args)
		}
	}
	setArg(L, args, scriptIdx)

	if showVersion {
		fmt.Fprintf(stdout, "psulua %s (psutil %s API, %s)\n", version, platform.Version, lua.LuaVersion)
	}
	for _, a := range actions {
		var err error
		if a.opt == "-e" {
			err = call(L, func() error { return loadString(L, a.val, "(command line)") }, nil)
		} else {
			err = call(L, func() error {
				L.Push(L.GetGlobal("require"))
				L.Push(lua.LString(a.val))
				return nil
			}, nil)
		}
		if err != nil {
			report(stderr, L, err)
			return 1
		}
	}
	if scriptIdx >= len(args) {
		return 0
	}
	script := args[scriptIdx]
	scriptArgs := args[scriptIdx+1:]
	err := call(L, func() error {
		if script == "-" {
			src, err := io.ReadAll(stdin)
			if err != nil {
				return err
			}
			return loadString(L, string(src), "stdin")
		}
		fn, err := L.LoadFile(script)
		if err != nil {
			return err
		}
		L.Push(fn)
		return nil
	}, scriptArgs)
	if err != nil {
		report(stderr, L, err)
		return 1
	}
	return 0
}

// setArg sets the global `arg` as lua.c does: arg[0] is the script, the
// interpreter and options have negative indices, the script's arguments
// positive ones.
func setArg(L *lua.LState, args []string, scriptIdx int) {
	t := L.NewTable()
	base := scriptIdx
	if base >= len(args) {
		base = len(args) - 1
	}
	for i, a := range args {
		t.RawSetInt(i-base, lua.LString(a))
	}
	L.SetGlobal("arg", t)
}

func loadString(L *lua.LState, src, name string) error {
	fn, err := L.Load(strings.NewReader(src), name)
	if err != nil {
		return err
	}
	L.Push(fn)
	return nil
}

// call loads a function with load, then calls it with args as `...`.
func call(L *lua.LState, load func() error, args []string) error {
	if err := load(); err != nil {
		return err
	}
	for _, a := range args {
		L.Push(lua.LString(a))
	}
	return L.PCall(len(args), lua.MultRet, nil)
}

// report prints an error as lua.c does: "psulua: message" and, for runtime
// errors, the stack traceback.
func report(w io.Writer, L *lua.LState, err error) {
	le, ok := err.(*lua.ApiError)
	if !ok {
		fmt.Fprintf(w, "%s: %v\n", progname, err)
		return
	}
	msg := L.ToStringMeta(le.Object).String()
	if le.Object == nil || le.Object == lua.LNil {
		msg = err.Error()
	}
	fmt.Fprintf(w, "%s: %s\n", progname, msg)
	if le.StackTrace != "" {
		fmt.Fprintln(w, le.StackTrace)
	}
}
