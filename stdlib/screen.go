package stdlib

import (
	"context"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// screen: the refresh loop of full-screen scripts (top, iotop, nettop,
// cpu_distribution), written once.
//
//	screen.run{refresh = function(n) return lines end, delay = 1, iterations = nil}
//
// refresh(n) builds refresh n (1, 2, ...) as a list of lines, each a string
// or a table {text = s, color = name, bold = true, highlight = true}. run
// waits delay seconds between refreshes and stops after iterations of them
// (never when nil), or when q or Ctrl-C is typed.
//
// On a terminal the script has the whole screen, as curses gives psutil's
// top.py: the alternate screen, no cursor, each frame drawn from the top
// left and cut to the terminal's size, keys read as typed without echo.
// Between refreshes Ctrl-C is a key, and the loop ends cleanly; during a
// refresh it is SIGINT, as anywhere else, so that a refresh that hangs can
// be interrupted. All of it is undone when run returns or raises: an error
// in refresh, os.exit, a time limit, SIGINT. Otherwise each refresh is
// printed as plain lines, as "top -b" does, and nothing is read.
type screenModule struct {
	term  *termModule
	input screenInput // the keyboard; nil when there is none
}

// screenInput is the keyboard of a terminal.
type screenInput interface {
	// cbreak makes keys arrive as typed, without echo, until restore is
	// called; signals stay on.
	cbreak() (restore func(), err error)
	// wait sleeps up to d, and returns true early when a key that quits
	// (q, Ctrl-C) is typed. Signals are off meanwhile.
	wait(ctx context.Context, d time.Duration) (quit bool, err error)
}

// The terminal is the program's: one screen.run at a time has its
// keyboard, whichever host runs it (another runs without one), so that no
// run saves the modes another set as the ones to restore.
var screenTerminal struct {
	sync.Mutex
	holder *screenHold
}

// screenHold is a run's hold on the keyboard.
type screenHold struct{ undo func() }

// holdKeyboard gives in to a run unless another run has a keyboard; undo
// then gives the terminal back (its modes, and the screen by leave).
func holdKeyboard(in screenInput, leave func()) (undo func(), ok bool) {
	screenTerminal.Lock()
	defer screenTerminal.Unlock()
	if screenTerminal.holder != nil {
		return nil, false
	}
	restore, err := in.cbreak()
	if err != nil {
		return nil, false
	}
	h := &screenHold{undo: func() { restore(); leave() }}
	screenTerminal.holder = h
	return func() {
		screenTerminal.Lock()
		defer screenTerminal.Unlock()
		if screenTerminal.holder == h {
			h.undo()
			screenTerminal.holder = nil
		}
	}, true
}

// RestoreTerminal gives back the terminal a screen.run holds: its modes
// and the normal screen. Run does it when it ends; a program about to die
// of a signal while a script runs calls it first.
func RestoreTerminal() {
	screenTerminal.Lock()
	defer screenTerminal.Unlock()
	if h := screenTerminal.holder; h != nil {
		h.undo()
		screenTerminal.holder = nil
	}
}

// Escape sequences of the full screen (xterm's, which every terminal
// emulator in use understands).
const (
	screenEnter = "\x1b[?1049h\x1b[?25l" // the alternate screen, cursor hidden
	screenLeave = "\x1b[?25h\x1b[?1049l"
	screenClear = "\x1b[H\x1b[2J"
)

func (m *screenModule) loader(L *lua.LState) int {
	L.Push(L.SetFuncs(L.CreateTable(0, 1), map[string]lua.LGFunction{"run": m.run}))
	return 1
}

// run is screen.run{refresh =, delay =, iterations =}.
func (m *screenModule) run(L *lua.LState) int {
	spec := L.CheckTable(1)
	refresh, ok := spec.RawGetString("refresh").(*lua.LFunction)
	if !ok {
		L.ArgError(1, "refresh must be a function")
	}
	delay := 1.0
	switch v := spec.RawGetString("delay").(type) {
	case *lua.LNilType:
	case lua.LNumber:
		delay = float64(v)
	default:
		L.ArgError(1, "delay must be a number")
	}
	if math.IsNaN(delay) || delay < 0 || delay > 1e9 {
		L.ArgError(1, "delay must be between 0 and 1e9 seconds")
	}
	iterations := -1 // forever
	switch v := spec.RawGetString("iterations").(type) {
	case *lua.LNilType:
	case lua.LNumber:
		if v < 0 || float64(v) != math.Floor(float64(v)) {
			L.ArgError(1, "iterations must be a whole number, 0 or more")
		}
		iterations = int(min(v, math.MaxInt32))
	default:
		L.ArgError(1, "iterations must be a number")
	}

	var input screenInput
	if m.term.tty {
		m.term.out(L, screenEnter)
		leave := func() { io.WriteString(m.term.w, screenLeave) }
		if m.input != nil {
			if undo, ok := holdKeyboard(m.input, leave); ok {
				input, leave = m.input, undo
			}
		}
		// Deferred, so that it also runs when refresh or the wait raises.
		defer leave()
	}
	d := time.Duration(delay * float64(time.Second))
	for n := 1; iterations < 0 || n <= iterations; n++ {
		if n > 1 && m.wait(L, input, d) {
			break
		}
		L.Push(refresh)
		L.Push(lua.LNumber(n))
		L.Call(1, 1)
		lines := L.Get(-1)
		L.Pop(1)
		m.draw(L, lines, n)
	}
	return 0
}

// wait waits d between refreshes, reading the keyboard when there is one,
// and returns whether the user asked to quit.
func (m *screenModule) wait(L *lua.LState, input screenInput, d time.Duration) bool {
	if input == nil {
		sleep(L, d)
		return false
	}
	ctx := L.Context()
	if ctx == nil {
		ctx = context.Background()
	}
	quit, err := input.wait(ctx, d)
	switch {
	case ctx.Err() != nil:
		L.RaiseError("%s", ctx.Err().Error())
	case err != nil: // the keyboard is gone (a hangup): wait without it
		sleep(L, d)
	}
	return quit
}

// screenLine is one line of a frame.
type screenLine struct {
	text            string
	color           string
	bold, highlight bool
}

// screenCheckEvery is how many lines screenLines reads between looks at
// the time limit.
const screenCheckEvery = 1 << 14

// screenLines reads what refresh n returned.
func screenLines(L *lua.LState, v lua.LValue, n int) []screenLine {
	t, ok := v.(*lua.LTable)
	if !ok {
		L.RaiseError("screen.run: refresh %d returned %s, not a list of lines", n, v.Type())
	}
	count := t.Len() // once: it walks back over trailing nils
	// A script may return millions of lines: their list is asked of the
	// memory limit, and the time limit is looked at as they are read.
	lua51.CheckGrowth(L, "screen.run", count*int(unsafe.Sizeof(screenLine{})))
	lines := make([]screenLine, 0, count)
	for i := 1; i <= count; i++ {
		if i%screenCheckEvery == 0 {
			lua51.CheckGrowth(L, "screen.run", 0)
		}
		switch v := t.RawGetInt(i).(type) {
		case lua.LString:
			lines = append(lines, screenLine{text: string(v)})
		case *lua.LTable:
			text, ok := v.RawGetString("text").(lua.LString)
			if !ok {
				L.RaiseError("screen.run: line %d of refresh %d has no text", i, n)
			}
			l := screenLine{text: string(text), bold: lua.LVAsBool(v.RawGetString("bold")),
				highlight: lua.LVAsBool(v.RawGetString("highlight"))}
			switch c := v.RawGetString("color").(type) {
			case *lua.LNilType:
			case lua.LString:
				if _, ok := termColors[string(c)]; !ok {
					L.RaiseError("screen.run: line %d of refresh %d: unknown colour %q (one of %s)", i, n, lua51.Shown(string(c)), termColorNames)
				}
				l.color = string(c)
			default:
				L.RaiseError("screen.run: line %d of refresh %d: the colour is a %s, not a name", i, n, c.Type())
			}
			lines = append(lines, l)
		default:
			L.RaiseError("screen.run: line %d of refresh %d is a %s, not a string or a table", i, n, v.Type())
		}
	}
	return lines
}

// draw writes one frame at once: on a terminal from the top left, cut to
// its size (as curses does), else as plain lines.
func (m *screenModule) draw(L *lua.LState, v lua.LValue, n int) {
	lines := screenLines(L, v, n)
	if !m.term.tty {
		// Plain lines need no single write: no copy of a frame that may
		// be as large as the script's memory.
		out := lua51.Output{W: m.term.w, L: L}
		for _, l := range lines {
			out.Add(l.text)
			out.Add("\n")
		}
		if err := out.Flush(); err != nil {
			L.RaiseError("term: write: %v", err)
		}
		return
	}
	var b strings.Builder
	cols, rows := m.term.dims()
	b.WriteString(screenClear)
	for i, l := range lines {
		if i >= rows {
			break
		}
		text, width := screenCut(l.text, cols)
		if l.highlight {
			text = m.term.sgr("7", text+strings.Repeat(" ", cols-width))
		}
		if l.color != "" {
			text = m.term.sgr(termColors[l.color], text)
		}
		if l.bold {
			text = m.term.sgr("1", text)
		}
		b.WriteString("\x1b[" + strconv.Itoa(i+1) + ";1H")
		b.WriteString(text)
	}
	m.term.out(L, b.String())
}

// screenCut cuts text to cols characters, never inside one, and returns
// it with its width. A character is one column wide: East Asian wide
// characters, which take two, make the line longer than the terminal.
func screenCut(text string, cols int) (string, int) {
	width := 0
	for i := range text {
		if width == cols {
			return text[:i], width
		}
		width++
	}
	return text, width
}
