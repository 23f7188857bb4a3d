package main

import (
	"reflect"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// TestREPLPiped drives the REPL through a pipe (-i, stdin not a
// terminal): each line's output, in order. Lines are read as lua.c reads
// them (a statement, or "=" and an expression list), results printed by
// print; the expressions and pretty printing of the REPL are a terminal's.
func TestREPLPiped(t *testing.T) {
	cases := []struct {
		name   string
		input  string
		stdout string // without the prompts
		stderr string // after the banner
		status int
	}{
		{name: "an expression is not a statement, as in lua.c", input: "1 + 1\n", stderr: "stdin:1: unexpected symbol near '1'\n"},
		{name: "=expr", input: "=2 * 3\n", stdout: "6\n"},
		{name: "statement is silent", input: "x = 1\n", stdout: ""},
		{name: "several results, printed by print", input: "=1, 'a', nil\n", stdout: "1\ta\tnil\n"},
		{name: "a chunk's results print", input: "return 1, 2\n", stdout: "1\t2\n"},
		{name: "a lone name starts a statement, as in lua.c", input: "a\n= 10\nprint(a)\n", stdout: "10\n"},
		{name: "call with no results prints nothing", input: "print('hi')\n", stdout: "hi\n"},
		{name: "continuation", input: "for i = 1, 2 do\nprint(i)\nend\n", stdout: "1\n2\n"},
		{name: "assignment continues", input: "x =\n42\n=x\n", stdout: "42\n"},
		{name: "=expr over lines prints", input: "=math.max(1,\n5)\n", stdout: "5\n"},
		{name: "=expr over lines", input: "=1 +\n2\n", stdout: "3\n"},
		{name: "=expr syntax error", input: "=x = 1\n", stderr: "stdin:1: '<eof>' expected near '='\n"},
		{name: "locals last one line", input: "local y = 5\n=y\n", stdout: "nil\n"},
		{name: "error then more", input: "error('boom')\n=1\n", stdout: "1\n", stderr: "stdin:1: boom\n"},
		{name: "error value with __tostring",
			input:  "error(setmetatable({}, {__tostring = function() return 'psutil.NoSuchProcess: process no longer exists (pid=42)' end}))\n",
			stderr: "psutil.NoSuchProcess: process no longer exists (pid=42)\n"},
		{name: "error value without __tostring", input: "error({code = 1})\n", stderr: "error: {code = 1}\n"},
		{name: "traceback from inside a function",
			input:  "function f() error('deep') end\nf()\n",
			stderr: "stdin:1: deep\nstack traceback:\n\t[C]: in function 'error'\n\tstdin:1: in function 'f'\n\tstdin:1: in main chunk\n\t[C]: ?\n"},
		{name: "syntax error", input: "x = = 1\n", stderr: "stdin:1: unexpected symbol near '='\n"},
		{name: "end of input inside a statement", input: "if true then\n", stderr: "stdin:1: 'end' expected near '<eof>'\n"},
		{name: "psutil is a global", input: "=type(psutil), type(psutil.cpu_count)\n", stdout: "table\tfunction\n"},
		{name: "help", input: "help()\n", stdout: strings.ReplaceAll(helpText, ">> ", "") + "\n"},
		{name: "=expr ending in a comment", input: "=1 + 1 -- two\n", stdout: "2\n"},
		{name: "os.exit ends the REPL", input: "os.exit(7)\nprint('no')\n", status: 7},
		{name: "blank lines", input: "\n   \n=1\n", stdout: "1\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, status := runPsulua(t, c.input, "-i")
			stdout = strings.NewReplacer(">> ", "", "> ", "").Replace(stdout)
			if c.status == 0 {
				// The REPL ends the last prompt's line at the end of input.
				stdout = strings.TrimSuffix(stdout, "\n")
			}
			_, stderr, _ = strings.Cut(stderr, replHint+"\n")
			if stdout != c.stdout || stderr != c.stderr || status != c.status {
				t.Errorf("input %q: status %d\nstdout:\n%s\nstderr:\n%s\nwant status %d\nstdout:\n%s\nstderr:\n%s",
					c.input, status, stdout, stderr, c.status, c.stdout, c.stderr)
			}
		})
	}
}

func TestIncomplete(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	for src, want := range map[string]bool{
		"for i = 1, 3 do": true,
		"x = ":            true,
		"x =":             true,
		"f(":              true,
		"t = {":           true,
		"if x then else":  true,
		"--[[ long":       true,
		"s = [[ long":     true,
		"x = = 1":         false,
		"local 1 = 2":     false,
		"print(1))":       false,
		"x = 3 @ 4":       false,
	} {
		_, err := L.Load(strings.NewReader(src), "stdin")
		if err == nil {
			t.Errorf("%q compiles", src)
			continue
		}
		if got := incomplete(err); got != want {
			t.Errorf("incomplete(%q) = %v, want %v (%v)", src, got, want, err)
		}
	}
}

func TestHistoryEntries(t *testing.T) {
	cases := []struct {
		lines, want []string
	}{
		{[]string{"x = 1"}, []string{"x = 1"}},
		{[]string{"for i = 1, 2 do", "  print(i)", "end"}, []string{"for i = 1, 2 do print(i) end"}},
		{[]string{"for i = 1, 2 do -- loop", "end"}, []string{"for i = 1, 2 do -- loop", "end"}},
		{[]string{"s = [[a", "b]]"}, []string{"s = [[a", "b]]"}},
	}
	for _, c := range cases {
		if got := historyEntries(c.lines); !reflect.DeepEqual(got, c.want) {
			t.Errorf("historyEntries(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}
