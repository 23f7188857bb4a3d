package engine

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// Lua 5.1's debug.traceback shows the levels of a deep stack up to
// levels1 and the last levels2 (ldblib.c's LEVELS1 and LEVELS2).
const (
	levels1 = 12
	levels2 = 10
)

// Traceback describes L's stack from level up, as Lua 5.1's
// debug.traceback does: "[C]" for Go functions, "in function 'name'",
// "in main chunk", "in function <file:line>" for unnamed functions,
// "(tail call): ?" for calls a tail call replaced, the first and last
// levels of a deep stack around "...", and a last "[C]: ?" for the host
// that made the call (lua.c's pmain).
func Traceback(L *lua.LState, level int) string {
	// lua.c's handler calls debug.traceback(msg, 2): its levels are one
	// more than the handler's.
	return traceback51(L, L, level, 1)
}

// syntaxMessage rewrites a gopher-lua parse error in Lua's form,
// "chunk:line: message near 'token'", with '<eof>' and the last line for
// errors at the end of src.
func syntaxMessage(err error, chunk string, src []byte) string {
	var pe *parse.Error
	var ae *lua.ApiError
	if errors.As(err, &ae) && ae.Cause != nil {
		err = ae.Cause
	}
	var ce *lua.CompileError
	if errors.As(err, &ce) {
		return fmt.Sprintf("%s:%d: %s", chunk, ce.Line, ce.Message)
	}
	if !errors.As(err, &pe) {
		if ae != nil {
			return strings.TrimSpace(ae.Object.String())
		}
		return strings.TrimSpace(err.Error())
	}
	msg := pe.Message
	if msg == "syntax error" {
		// goyacc's only message; Lua's nearest is "unexpected symbol".
		msg = "unexpected symbol"
	}
	if pe.Pos.Line == parse.EOF {
		return fmt.Sprintf("%s:%d: %s near '<eof>'", chunk, bytes.Count(src, []byte{'\n'})+1, msg)
	}
	return fmt.Sprintf("%s:%d: %s near '%s'", chunk, pe.Pos.Line, msg, pe.Token)
}
