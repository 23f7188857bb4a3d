package engine

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
)

// Lua 5.1's debug.traceback shows the first levels1 and the last levels2
// levels of a deep stack (ldblib.c's LEVELS1 and LEVELS2), counting from
// level 2, the function that raised the error.
const (
	levels1 = 12
	levels2 = 10
)

// Traceback describes L's stack from level up, as Lua 5.1's
// debug.traceback does: "[C]" for Go functions, "in function 'name'",
// "in main chunk", "in function <file:line>" for unnamed functions,
// "(tail call): ?" for frames a tail call replaced, and a last "[C]: ?"
// for the host that made the call (lua.c's pmain).
func Traceback(L *lua.LState, level int) string {
	// ldblib.c prints levels 2..22 in full; a deeper stack shows its
	// first ten levels, "...", and its last ten (the last being "[C]: ?").
	// Only those are described: a recursion to the call-stack limit has
	// thousands of levels, and a loop of tail calls millions.
	const full = levels1 + levels2 - 1
	end := stackEnd(L, level)
	var entries []string
	describe := func(from, to int) {
		for l := from; l < to; l++ {
			if dbg, ok := L.GetStack(l); ok {
				entries = append(entries, describeLevel(L, l, dbg))
			}
		}
	}
	if end-level+1 > full {
		describe(level, level+levels1-2)
		entries = append(entries, "...")
		describe(end-(levels2-1), end)
	} else {
		describe(level, end)
	}
	entries = append(entries, "[C]: ?")
	return "stack traceback:\n\t" + strings.Join(entries, "\n\t")
}

// stackEnd is the first level from level up that L's stack does not have,
// found in O(log depth) probes: GetStack walks the frames from the top at
// each call, and counts each tail call as a level.
func stackEnd(L *lua.LState, level int) int {
	exists := func(l int) bool { _, ok := L.GetStack(l); return ok }
	if !exists(level) {
		return level
	}
	lo, step := level, 1 // lo exists
	for exists(lo + step) {
		lo += step
		step *= 2
	}
	hi := lo + step // does not exist
	for hi-lo > 1 {
		if mid := lo + (hi-lo)/2; exists(mid) {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// describeLevel is one line of the traceback.
func describeLevel(L *lua.LState, level int, dbg *lua.Debug) string {
	fn, err := L.GetInfo("Slnf", dbg, nil)
	if err != nil {
		return "?"
	}
	name := dbg.Name
	named := name != "" && name[0] != '<' && name[0] != '(' && name != "main chunk"
	// gopher-lua calls the bottom frame "main" even when it is a Go
	// function (require, called by the command line's -l).
	what := dbg.What
	if f, ok := fn.(*lua.LFunction); ok && f.IsG {
		what = "G"
	}
	switch what {
	case "G":
		if named {
			return "[C]: in function '" + name + "'"
		}
		return "[C]: ?"
	case "main":
		// GetStack answers a level lost to a tail call with the bottom
		// frame, which has no level below it.
		if _, deeper := L.GetStack(level + 1); deeper {
			return "(tail call): ?"
		}
		return where(dbg) + " in main chunk"
	}
	switch {
	case named:
		return where(dbg) + " in function '" + name + "'"
	case dbg.LineDefined == 0:
		// A chunk run by require or dofile.
		return where(dbg) + " in main chunk"
	}
	return fmt.Sprintf("%s in function <%s:%d>", where(dbg), dbg.Source, dbg.LineDefined)
}

func where(dbg *lua.Debug) string {
	if dbg.CurrentLine > 0 {
		return fmt.Sprintf("%s:%d:", dbg.Source, dbg.CurrentLine)
	}
	return dbg.Source + ":"
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
