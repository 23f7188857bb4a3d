// Package stdlib holds the Lua modules every psulua script can require
// besides psutil:
//
//   - humanize: bytes2human(n), duration(secs), secs2hours(secs)
//   - json: encode(v [, {indent = n}]), decode(s), null, object([t]), array([t])
//   - term: isatty(), size(), color(name, s), bold/dim/underline/reverse(s),
//     use_color([on]), write(...), clear(), move(row, col), hide_cursor(), show_cursor()
//   - argparse: new{prog, description, epilog}, p:option{...}, p:flag{...},
//     p:positional{...}, p:parse([argv]), p:parse_args([argv]), p:error(msg),
//     p:help(), p:usage()
//   - screen: run{refresh, delay, iterations}, the refresh loop of
//     full-screen scripts
//   - time: sleep(secs), monotonic(), time(), strftime(format [, t])
//   - signal: this system's signal numbers by name (SIGTERM, ...), NSIG,
//     name(n), names()
//
// Each function's Go (or, for argparse, Lua) doc comment gives its rules.
// Every module only reads, and writes nothing but the host's stdout
// writer (screen.run also turns echo off on the keyboard it is given, see
// [Options]), so all of them are safe under the engine's read-only sandbox.
// Install them with [Preload]:
//
//	L := lua.NewState()
//	stdlib.Preload(L, stdlib.Options{Stdout: os.Stdout})
//	err := L.DoString(`print(require("humanize").bytes2human(10000))`) // 9.8K
package stdlib

import (
	"io"
	"os"

	lua "github.com/yuin/gopher-lua"
)

// Options is what the modules need from the host.
type Options struct {
	// Stdout is where term writes, and the file term.isatty and term.size
	// ask about (when it has an Fd method); os.Stdout when nil.
	Stdout io.Writer
	// Stdin is the keyboard screen.run reads q and Ctrl-C from, when both
	// it and Stdout are terminals (without echo or line editing meanwhile);
	// none when nil, and screen.run then reads no keys. Only a program
	// that owns its terminal passes os.Stdin.
	Stdin io.Reader
	// Getenv reads the variables term honours (NO_COLOR, TERM, COLUMNS,
	// LINES); os.Getenv when nil. Their values are never handed to scripts
	// as such, so a sandboxed host can keep the default.
	Getenv func(key string) string
}

// Modules lists the names Preload registers, in alphabetical order.
var Modules = []string{"argparse", "humanize", "json", "screen", "signal", "term", "time"}

// Preload registers every stdlib module with L.PreloadModule, so
// require("json") and the others load it on first use. It sets no globals.
func Preload(L *lua.LState, opts Options) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	tm := newTermModule(opts)
	L.PreloadModule("argparse", luaLoader("argparse", argparseSource, argparseBytecode))
	L.PreloadModule("humanize", funcsLoader(humanizeFuncs))
	L.PreloadModule("json", jsonLoader)
	screen := &screenModule{term: tm}
	if opts.Stdin != nil {
		screen.input = newScreenInput(opts.Stdin)
	}
	L.PreloadModule("screen", screen.loader)
	L.PreloadModule("signal", signalLoader)
	L.PreloadModule("term", tm.loader)
	L.PreloadModule("time", funcsLoader(timeFuncs))
}

// funcsLoader returns a loader pushing a table of Go functions.
func funcsLoader(funcs map[string]lua.LGFunction) lua.LGFunction {
	return func(L *lua.LState) int {
		L.Push(L.SetFuncs(L.CreateTable(0, len(funcs)), funcs))
		return 1
	}
}

// luaLoader returns a loader running an embedded Lua module, which returns
// the module's value.
func luaLoader(name, src, bytecode string) lua.LGFunction {
	return func(L *lua.LState) int {
		p, err := compiled(name, src, bytecode)
		if err != nil {
			L.RaiseError("stdlib: %s: %v", name, err)
		}
		L.Push(L.NewFunctionFromProto(p))
		L.Call(0, 1)
		return 1
	}
}
