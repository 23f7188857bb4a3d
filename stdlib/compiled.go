package stdlib

import (
	"runtime/debug"
	"strings"
	"sync"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"

	"github.com/psulua/psulua/stdlib/internal/luac"
)

// The modules written in Lua are shipped compiled as well: compiling
// argparse.lua (parsing 460 lines, then gopher-lua's compiler) takes about
// 1.3 ms and 1 MB of allocations, a quarter of the CPU time of
// examples/free.lua, where reading its bytecode takes 45 µs and 55 KB.
// TestBytecode fails when a .luac file no longer matches its source;
// `go generate ./stdlib` writes them again.
//
//go:generate go test -run TestBytecode -update .

// bytecodeGopherLua is the gopher-lua version the .luac files were
// compiled with, which go.mod names (TestBytecode checks it).
const bytecodeGopherLua = "v1.1.2"

// Modules written in Lua are loaded once per program and shared between
// states as bytecode (gopher-lua's FunctionProto is read-only once built).
var (
	protosMu sync.Mutex
	protos   = map[string]*lua.FunctionProto{}
)

// compiled returns the bytecode of the stdlib module name: its shipped
// bytecode when this program runs the gopher-lua that made it, else src
// compiled.
func compiled(name, src, bytecode string) (*lua.FunctionProto, error) {
	protosMu.Lock()
	defer protosMu.Unlock()
	if p, ok := protos[name]; ok {
		return p, nil
	}
	p, err := luac.Decode(bytecode, runningGopherLua())
	if err != nil {
		if p, err = compile(name, src); err != nil {
			return nil, err
		}
	}
	protos[name] = p
	return p, nil
}

// compile compiles the source of the stdlib module name.
func compile(name, src string) (*lua.FunctionProto, error) {
	chunk, err := parse.Parse(strings.NewReader(src), name+".lua")
	if err != nil {
		return nil, err
	}
	return lua.Compile(chunk, name+".lua")
}

// runningGopherLua is the version of gopher-lua this program was built
// with, as its build information says; "" when replaced or not listed (a
// test binary lists no modules, and may run another gopher-lua than
// psulua's go.mod names): then the source is compiled. TestBytecode
// decodes the .luac files itself, and tests/ runs the built psulua.
var runningGopherLua = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range info.Deps {
		if m.Path == "github.com/yuin/gopher-lua" && m.Replace == nil {
			return m.Version
		}
	}
	return ""
})
