package stdlib

import _ "embed"

// argparse is written in Lua: it is table handling and string formatting,
// clearer there than through the Go API, and runs once per script.
//
//go:embed argparse.lua
var argparseSource string

// argparseBytecode is argparse.lua compiled when psulua is built (see
// compiled.go).
//
//go:embed argparse.luac
var argparseBytecode string
