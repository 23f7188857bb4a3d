package engine

import (
	"errors"
	"testing"
)

// Syntax errors read as Lua 5.1's (tests/cli/lua51_syntax_messages.lua
// compares many more with lua5.1).
func TestSyntaxMessage(t *testing.T) {
	h := New(Options{})
	defer h.Close()
	for src, want := range map[string]string{
		"x = = 1":            "t.lua:1: unexpected symbol near '='",
		"\n\nlocal 1 = 2":    "t.lua:3: '<name>' expected near '1'",
		"for i=1,2 do\n":     "t.lua:2: 'end' expected (to close 'for' at line 1) near '<eof>'",
		"x = 'abc":           "t.lua:1: unfinished string near '<eof>'",
		"goto nowhere\n":     "t.lua:2: no visible label 'nowhere' for <goto> at line 1",
		"x = 1\ny = 3 @ 4\n": "t.lua:2: unexpected symbol near '@'",
		"f()\n(g)()":         "t.lua:2: ambiguous syntax (function call x new statement) near '('",
	} {
		_, err := h.Load([]byte(src), "t.lua")
		var e *Error
		if !errors.As(err, &e) || e.Message != want || e.File != "t.lua" {
			t.Errorf("Load(%q): %#v, want message %q", src, err, want)
		}
	}
}
