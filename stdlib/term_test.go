package stdlib

import (
	"bytes"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// termState returns a state whose term writes to out and believes stdout
// is (or is not) a terminal, with env as its environment.
func termState(out *bytes.Buffer, tty bool, env map[string]string) func(t *testing.T) *lua.LState {
	return func(t *testing.T) *lua.LState {
		L := newState(t, Options{Stdout: out})
		m := &termModule{w: out, tty: tty, fd: -1, getenv: func(k string) string { return env[k] }}
		L.PreloadModule("term", func(L *lua.LState) int {
			L.Push(m.table(L))
			return 1
		})
		out.Reset()
		return L
	}
}

func TestTermNotATerminal(t *testing.T) {
	var out bytes.Buffer
	runCases(t, []luaCase{
		{name: "isatty", chunk: `return term.isatty()`, want: "false"},
		{name: "default size", chunk: `return term.size()`, want: "80\t24"},
		{name: "no colour", chunk: `return term.color("red", "x"), term.bold("b"), term.use_color()`, want: "x\tb\tfalse"},
		{name: "colour forced on", chunk: `term.use_color(true) return term.color("red", "x"), term.use_color()`, want: "\x1b[31mx\x1b[0m\ttrue"},
		{name: "colour back to automatic", chunk: `term.use_color(true) term.use_color(nil) return term.use_color()`, want: "false"},
		{name: "cursor control writes nothing", chunk: `term.clear() term.move(2, 3) term.hide_cursor() term.show_cursor()`, want: ""},
		{name: "unknown colour", chunk: `return term.color("mauve", "x")`, err: `unknown colour "mauve"`},
		{name: "bad row", chunk: `term.move(0, 1)`, err: "row must be 1 or more"},
		{name: "use_color wants a boolean", chunk: `term.use_color("yes")`, err: "boolean expected"},
	}, termState(&out, false, nil))
	if out.Len() != 0 {
		t.Errorf("term wrote %q to a non-terminal", out.String())
	}
	// The real loader: a bytes.Buffer has no Fd, so it is no terminal.
	L := newState(t, Options{Stdout: &out})
	if got, err := eval(L, `term.clear() term.write("a", 1, 2.5, "\n") return term.isatty()`); err != nil || got != "false" {
		t.Fatalf("isatty() = %q, %v", got, err)
	}
	if out.String() != "a12.5\n" {
		t.Errorf("term.write wrote %q", out.String())
	}
}

func TestTermTerminal(t *testing.T) {
	var out bytes.Buffer
	state := termState(&out, true, nil)
	runCases(t, []luaCase{
		{name: "isatty", chunk: `return term.isatty()`, want: "true"},
		{name: "colours", chunk: `return term.color("red", "x"), term.color("bright_blue", 42), term.bold("b"), term.dim("d"), term.underline("u"), term.reverse("r")`,
			want: "\x1b[31mx\x1b[0m\t\x1b[94m42\x1b[0m\t\x1b[1mb\x1b[0m\t\x1b[2md\x1b[0m\t\x1b[4mu\x1b[0m\t\x1b[7mr\x1b[0m"},
		{name: "colour forced off", chunk: `term.use_color(false) return term.color("red", "x")`, want: "x"},
		{name: "size falls back without a real fd", chunk: `return term.size()`, want: "80\t24"},
	}, state)

	L := state(t)
	if _, err := eval(L, `term.clear() term.move(2, 10) term.hide_cursor() term.write("hi") term.show_cursor()`); err != nil {
		t.Fatal(err)
	}
	if want := "\x1b[H\x1b[2J\x1b[2;10H\x1b[?25lhi\x1b[?25h"; out.String() != want {
		t.Errorf("wrote %q, want %q", out.String(), want)
	}
}

func TestTermEnvironment(t *testing.T) {
	var out bytes.Buffer
	for _, c := range []struct {
		name string
		env  map[string]string
		want string
	}{
		{"NO_COLOR set", map[string]string{"NO_COLOR": "1"}, "false\t80\t24"},
		{"NO_COLOR empty", map[string]string{"NO_COLOR": ""}, "true\t80\t24"},
		{"dumb terminal", map[string]string{"TERM": "dumb"}, "false\t80\t24"},
		{"COLUMNS and LINES", map[string]string{"COLUMNS": "132", "LINES": "43"}, "true\t132\t43"},
		{"bad COLUMNS", map[string]string{"COLUMNS": "wide"}, "true\t80\t24"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := eval(termState(&out, true, c.env)(t), `return term.use_color(), term.size()`)
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
