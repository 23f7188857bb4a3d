package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/peterh/liner"
	lua "github.com/yuin/gopher-lua"
	"github.com/yuin/gopher-lua/parse"
	"golang.org/x/term"

	"github.com/psulua/psulua/engine"
)

const replHint = `Type help() for help, Ctrl-D to exit.`

const helpText = `psulua: psutil for Lua. The psutil global is the module, as in Python:
  psutil.cpu_percent(1)            expressions print their value (=expr too)
  psutil.virtual_memory().total    named tuples: fields by name or position
  psutil.cpu_times(true)           lists are 1-based, None is nil
  psutil.disk_usage{path="/"}      named arguments go in one table
  for k, v in pairs(psutil.net_io_counters(true)) do print(k, v.bytes_recv) end
Keys: Tab completes names (psutil.vir<Tab>, p:mem<Tab>), Up/Down and Ctrl-R
search the history, Ctrl-C cancels the line or stops a running statement,
Ctrl-D exits. A statement left open (for ... do) continues on a >> line.
help(x) describes x: help(psutil.cpu_percent), help(p.memory_info),
help("Process:name"), help(psutil.virtual_memory()), help("CONN_*"), help(json).
dir(x) lists the names x holds: dir(psutil), dir(psutil.Process()).
psutil's documentation applies: https://psutil.readthedocs.io/`

// errAborted is Ctrl-C at a prompt.
var errAborted = liner.ErrPromptAborted

// lineReader is where the REPL's lines come from: a terminal, with
// editing and history, or a pipe.
type lineReader interface {
	// readLine shows prompt and returns a line: io.EOF at the end of
	// input, errAborted when the user cancels it.
	readLine(prompt string) (string, error)
	addHistory(entry string)
	// startRun and endRun bracket a statement: while it runs, the
	// terminal is in the mode programs expect (echo, line editing,
	// Ctrl-C as a signal).
	startRun()
	endRun()
	isTerminal() bool
	close()
}

// repl reads, evaluates and prints, as lua.c's dotty with Lua 5.3's
// auto-printing of expressions.
type repl struct {
	s  *session
	in lineReader
}

// repl runs the REPL until Ctrl-D, the end of input or os.exit, and
// returns the exit status.
func (s *session) repl() int {
	L := s.L
	L.Push(L.GetGlobal("require"))
	L.Push(lua.LString("psutil"))
	if err := s.call(1, 1); err != nil {
		s.printError(err)
	} else {
		L.SetGlobal("psutil", L.Get(-1))
		L.Pop(1)
	}

	r := &repl{s: s, in: s.newLineReader()}
	defer r.in.close()
	s.mu.Lock()
	s.inREPL = r.in.isTerminal()
	s.beforeDeath = r.in.close
	s.mu.Unlock()
	fmt.Fprintln(s.stderr, replHint)

	for !s.exiting {
		fn, eof := r.read()
		if eof {
			fmt.Fprintln(s.stdout)
			break
		}
		if fn != nil {
			r.eval(fn)
		}
	}
	if s.exiting {
		return s.exitCode
	}
	return 0
}

// read reads one chunk, on several lines when the first ones are an
// incomplete statement, and compiles it. It returns nil when there is
// nothing to run (an empty line, Ctrl-C, a syntax error), and eof at the
// end of input.
func (r *repl) read() (fn *lua.LFunction, eof bool) {
	line, err := r.in.readLine(r.prompt("_PROMPT", "> "))
	switch {
	case errors.Is(err, errAborted):
		return nil, false
	case err != nil:
		return nil, true
	case strings.TrimSpace(line) == "":
		return nil, false
	}
	lines := []string{line}
	for {
		src := strings.Join(lines, "\n")
		fn, more, cerr := r.compile(src)
		if cerr == nil {
			r.remember(lines)
			return fn, false
		}
		if !more {
			r.remember(lines)
			r.s.printError(&callError{msg: engine.ErrorMessage(cerr)})
			return nil, false
		}
		next, err := r.in.readLine(r.prompt("_PROMPT2", ">> "))
		switch {
		case errors.Is(err, errAborted):
			return nil, false
		case err != nil:
			// The end of input in the middle of a statement: say what is
			// missing; a terminal user gets a fresh prompt.
			r.remember(lines)
			r.s.printError(&callError{msg: engine.ErrorMessage(cerr)})
			return nil, !r.in.isTerminal()
		}
		lines = append(lines, next)
	}
}

// prompt is the global name when it holds a string or a number, as lua.c
// reads _PROMPT and _PROMPT2, else def.
func (r *repl) prompt(name, def string) string {
	switch v := r.s.L.GetGlobal(name).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return engine.NumberString(v)
	}
	return def
}

// compile turns a chunk into a function: "=exprs" and any chunk that is
// an expression list return their values, so that they print. When it
// fails it returns the error to show and whether more lines may complete
// the chunk (a statement or an expression cut short).
func (r *repl) compile(src string) (fn *lua.LFunction, more bool, err error) {
	load := func(code string) (*lua.LFunction, error) {
		return r.s.h.Load([]byte(code), "stdin")
	}
	exprs, isExpr := strings.CutPrefix(src, "=")
	if !r.in.isTerminal() {
		// Input that is not a terminal is read as lua.c reads it: a line
		// is a statement ("a" alone starts "a = 10" on the next line),
		// and only "=" makes it an expression.
		if isExpr {
			src = "return " + exprs
		}
		fn, err := load(src)
		if err != nil {
			return nil, incomplete(err), err
		}
		return fn, false, nil
	}
	if !isExpr {
		exprs = src
	}
	if fn, err := load(returnValues(exprs)); err == nil {
		return fn, false, nil
	}
	_, exprErr := load("return " + exprs)
	if isExpr {
		return nil, incomplete(exprErr), exprErr
	}
	fn, stmtErr := load(src)
	switch {
	case stmtErr == nil:
		return fn, false, nil
	case incomplete(stmtErr):
		return nil, true, stmtErr
	case incomplete(exprErr):
		return nil, true, exprErr
	}
	return nil, false, stmtErr
}

// returnValues is a chunk returning the values of the expression list
// exprs. "return f()" would be a tail call, which leaves f's caller out of
// tracebacks; passing the values through a function keeps f's call a
// plain one. The newline ends a comment exprs may end with.
func returnValues(exprs string) string {
	return "return (function(...) return ... end)(" + exprs + "\n)"
}

// incomplete reports whether a chunk failed to compile only because it
// ended too soon (lua.c's test: the message ends in '<eof>'), so that more
// lines may complete it.
func incomplete(err error) bool {
	var pe *parse.Error
	if ae := (*lua.ApiError)(nil); errors.As(err, &ae) && ae.Cause != nil {
		err = ae.Cause
	}
	var se *engine.SyntaxError
	if errors.As(err, &se) && strings.HasSuffix(se.Message, "'<eof>'") {
		return true
	}
	return errors.As(err, &pe) && pe.Pos.Line == parse.EOF
}

// remember adds a chunk to the history: on one line when joining its
// lines with spaces means the same code, else line by line.
func (r *repl) remember(lines []string) {
	for _, e := range historyEntries(lines) {
		r.in.addHistory(e)
	}
}

func historyEntries(lines []string) []string {
	if len(lines) == 1 {
		return lines
	}
	joinable := true
	for _, l := range lines {
		// A comment would swallow what follows it; long strings and
		// escaped newlines would change.
		if strings.Contains(l, "--") || strings.Contains(l, "[[") || strings.Contains(l, "[=") || strings.HasSuffix(l, `\`) {
			joinable = false
			break
		}
	}
	if !joinable {
		return lines
	}
	parts := make([]string, len(lines))
	for i, l := range lines {
		parts[i] = strings.TrimSpace(l)
	}
	return []string{strings.Join(parts, " ")}
}

// eval runs a chunk and prints its results, tab-separated, or its error.
// Ctrl-C interrupts it; os.exit ends the REPL.
func (r *repl) eval(fn *lua.LFunction) {
	s, L := r.s, r.s.L
	r.in.startRun()
	defer r.in.endRun()
	s.startCall()
	top := L.GetTop()
	L.Push(fn)
	err := s.pcall(0, lua.MultRet)
	var out []string
	if err == nil && !r.in.isTerminal() && L.GetTop() > top {
		// lua.c prints the results with print.
		err = s.pcallPrint(top)
	} else if err == nil {
		p := newPrinter(L, terminalWidth(s.stdout))
		for i := top + 1; i <= L.GetTop(); i++ {
			out = append(out, p.format(L.Get(i)))
		}
	}
	if err == nil && L.GetTop() > top {
		// As Python's _: the last result printed (the first of several).
		L.SetGlobal("_", L.Get(top+1))
	}
	L.SetTop(top)
	interrupted := s.endCall()
	switch {
	case s.exiting:
	case err != nil:
		ce := s.callError(err, interrupted)
		if !lineTrace(ce.trace) {
			ce.trace = ""
		}
		s.printError(ce)
	case len(out) > 0:
		fmt.Fprintln(s.stdout, strings.Join(out, "\t"))
	}
}

// lineTrace reports whether a traceback is worth showing in the REPL:
// when the error happened in a function, not in the line itself.
func lineTrace(trace string) bool {
	lua := 0
	for _, l := range strings.Split(trace, "\n\t")[1:] {
		if !strings.HasPrefix(l, "[C]") && !strings.HasPrefix(l, "(tail call)") {
			lua++
		}
	}
	return lua > 1
}

// printError shows an error in the REPL: the message (psutil's errors by
// their tostring, "psutil.NoSuchProcess: ..."), then any traceback.
func (s *session) printError(err error) {
	ce, ok := err.(*callError)
	if !ok {
		ce = &callError{msg: err.Error()}
	}
	msg := ce.msg
	switch {
	case ce.silent:
		msg = "nil"
	case msg == "(error object is not a string)" && ce.value != nil:
		msg = "error: " + newPrinter(s.L, terminalWidth(s.stdout)).format(ce.value)
	}
	fmt.Fprintln(s.stderr, msg)
	if ce.trace != "" {
		fmt.Fprintln(s.stderr, ce.trace)
	}
}

// completionCall calls fn for the completer (psutil.swap_memory().fr):
// protected, under the run's limits, and for a second at most.
func (s *session) completionCall(fn lua.LValue) (lua.LValue, bool) {
	ctx, cancel := context.WithTimeout(s.ctx, time.Second)
	defer cancel()
	L := s.L
	top := L.GetTop()
	defer L.SetTop(top)
	L.Push(fn)
	if err := s.h.PCall(ctx, 0, 1); err != nil {
		return nil, false
	}
	return L.Get(-1), true
}

func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok {
		if width, _, err := term.GetSize(int(f.Fd())); err == nil && width > 0 {
			return width
		}
	}
	return 80
}

// newLineReader reads from the terminal with liner when stdin and stdout
// are both terminals, else from stdin line by line, prompts on stdout, as
// lua.c does without readline.
func (s *session) newLineReader() lineReader {
	in, inOK := s.stdin.(*os.File)
	out, outOK := s.stdout.(*os.File)
	if inOK && outOK && in == os.Stdin && out == os.Stdout &&
		term.IsTerminal(int(in.Fd())) && term.IsTerminal(int(out.Fd())) && liner.TerminalSupported() {
		return newTerminalReader(&completer{L: s.L, call: s.completionCall}, historyPath())
	}
	return &plainReader{r: bufio.NewReader(s.stdin), w: s.stdout}
}

// historyPath is $PSULUA_HISTORY, or ~/.psulua_history; "" keeps no
// history.
func historyPath() string {
	if p, ok := os.LookupEnv("PSULUA_HISTORY"); ok {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".psulua_history")
}

// terminalReader edits lines with liner: history, completion, Ctrl-R.
type terminalReader struct {
	st        *liner.State
	origMode  liner.ModeApplier // the terminal's mode before liner
	linerMode liner.ModeApplier // liner's mode between prompts
	history   string
	closeOnce sync.Once
}

func newTerminalReader(c *completer, history string) *terminalReader {
	r := &terminalReader{history: history}
	r.origMode, _ = liner.TerminalMode()
	r.st = liner.NewLiner()
	r.linerMode, _ = liner.TerminalMode()
	r.st.SetCtrlCAborts(true)
	r.st.SetTabCompletionStyle(liner.TabPrints)
	r.st.SetWordCompleter(c.complete)
	if history != "" {
		if f, err := os.Open(history); err == nil {
			r.st.ReadHistory(f)
			f.Close()
		}
	}
	return r
}

func (r *terminalReader) readLine(prompt string) (string, error) {
	return r.st.Prompt(prompt)
}

func (r *terminalReader) addHistory(entry string) { r.st.AppendHistory(entry) }

func (r *terminalReader) startRun() {
	if r.origMode != nil {
		r.origMode.ApplyMode()
	}
}

func (r *terminalReader) endRun() {
	if r.linerMode != nil {
		r.linerMode.ApplyMode()
	}
}

func (r *terminalReader) isTerminal() bool { return true }

// close saves the history and gives the terminal back its mode.
func (r *terminalReader) close() {
	r.closeOnce.Do(func() {
		if r.history != "" {
			if f, err := os.OpenFile(r.history, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600); err == nil {
				r.st.WriteHistory(f)
				f.Close()
			}
		}
		r.st.Close()
	})
}

// plainReader reads lines from a pipe or file, showing prompts as lua.c
// does without readline.
type plainReader struct {
	r *bufio.Reader
	w io.Writer
}

func (r *plainReader) readLine(prompt string) (string, error) {
	fmt.Fprint(r.w, prompt)
	line, err := r.r.ReadString('\n')
	if err != nil && (line == "" || err != io.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (r *plainReader) addHistory(string) {}
func (r *plainReader) startRun()         {}
func (r *plainReader) endRun()           {}
func (r *plainReader) isTerminal() bool  { return false }
func (r *plainReader) close()            {}
