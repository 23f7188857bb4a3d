package stdlib

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/term"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// term: what full-screen (top-like) scripts need from the terminal.
// Colours and styles are off when stdout is not a terminal, when NO_COLOR
// is set to anything but "" (https://no-color.org) or TERM is "dumb",
// unless the script forces them with term.use_color(true). Cursor control
// and clearing write nothing when stdout is not a terminal, so a script
// piped into a file writes plain frames.
type termModule struct {
	w      io.Writer
	tty    bool
	fd     int
	getenv func(string) string
	color  *bool // forced on or off by use_color; nil follows tty and env
}

// newTermModule is a state's terminal, shared by term and screen (so
// term.use_color applies to both).
func newTermModule(opts Options) *termModule {
	m := &termModule{w: opts.Stdout, fd: -1, getenv: opts.Getenv}
	if f, ok := opts.Stdout.(interface{ Fd() uintptr }); ok {
		m.fd = int(f.Fd())
		m.tty = term.IsTerminal(m.fd)
	}
	return m
}

func (m *termModule) loader(L *lua.LState) int {
	L.Push(m.table(L))
	return 1
}

func (m *termModule) table(L *lua.LState) *lua.LTable {
	funcs := map[string]lua.LGFunction{
		"isatty":      m.isatty,
		"size":        m.size,
		"use_color":   m.useColor,
		"color":       m.colorize,
		"bold":        m.style("bold", "1"),
		"dim":         m.style("dim", "2"),
		"underline":   m.style("underline", "4"),
		"reverse":     m.style("reverse", "7"),
		"write":       m.write,
		"clear":       m.control("\x1b[H\x1b[2J"),
		"hide_cursor": m.control("\x1b[?25l"),
		"show_cursor": m.control("\x1b[?25h"),
		"move":        m.move,
	}
	return L.SetFuncs(L.CreateTable(0, len(funcs)), funcs)
}

// isatty is term.isatty(): whether the host's stdout is a terminal.
func (m *termModule) isatty(L *lua.LState) int {
	L.Push(lua.LBool(m.tty))
	return 1
}

// size is term.size() -> cols, rows, as Python's shutil.get_terminal_size:
// COLUMNS and LINES when set, else the terminal's size, else 80x24.
func (m *termModule) size(L *lua.LState) int {
	cols, rows := m.dims()
	L.Push(lua.LNumber(cols))
	L.Push(lua.LNumber(rows))
	return 2
}

// dims is the terminal's size, as term.size gives it.
func (m *termModule) dims() (cols, rows int) {
	cols, rows = envInt(m.getenv("COLUMNS")), envInt(m.getenv("LINES"))
	if (cols == 0 || rows == 0) && m.tty {
		if c, r, err := term.GetSize(m.fd); err == nil {
			if cols == 0 {
				cols = c
			}
			if rows == 0 {
				rows = r
			}
		}
	}
	if cols <= 0 {
		cols = 80
	}
	if rows <= 0 {
		rows = 24
	}
	return cols, rows
}

func envInt(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

func (m *termModule) colorOn() bool {
	if m.color != nil {
		return *m.color
	}
	return m.tty && m.getenv("NO_COLOR") == "" && m.getenv("TERM") != "dumb"
}

// useColor is term.use_color([on]) -> on: with an argument, forces colours
// on (true) or off (false), or back to automatic (nil given explicitly);
// returns whether colours are on.
func (m *termModule) useColor(L *lua.LState) int {
	if L.GetTop() >= 1 {
		switch v := L.Get(1).(type) {
		case lua.LBool:
			on := bool(v)
			m.color = &on
		case *lua.LNilType:
			m.color = nil
		default:
			L.TypeError(1, lua.LTBool)
		}
	}
	L.Push(lua.LBool(m.colorOn()))
	return 1
}

var termColors = map[string]string{
	"black": "30", "red": "31", "green": "32", "yellow": "33",
	"blue": "34", "magenta": "35", "cyan": "36", "white": "37",
	"gray": "90", "grey": "90",
	"bright_red": "91", "bright_green": "92", "bright_yellow": "93",
	"bright_blue": "94", "bright_magenta": "95", "bright_cyan": "96", "bright_white": "97",
}

var termColorNames = func() string {
	names := make([]string, 0, len(termColors))
	for n := range termColors {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}()

func (m *termModule) sgr(code, text string) string {
	if !m.colorOn() {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

// colorize is term.color(name, text) -> text in that colour.
func (m *termModule) colorize(L *lua.LState) int {
	name := L.CheckString(1)
	text := checkText(L, 2)
	code, ok := termColors[name]
	if !ok {
		L.ArgError(1, "unknown colour "+strconv.Quote(lua51.Shown(name))+" (one of "+termColorNames+")")
	}
	return m.pushStyled(L, "term.color", code, text)
}

// style returns term.bold(text) and its siblings.
func (m *termModule) style(name, code string) lua.LGFunction {
	fn := "term." + name
	return func(L *lua.LState) int {
		return m.pushStyled(L, fn, code, checkText(L, 1))
	}
}

// pushStyled pushes text in the style code, the memory limit asked first
// for room for a long one: the copy is made in one call.
func (m *termModule) pushStyled(L *lua.LState, fn, code, text string) int {
	if len(text) >= 1<<20 {
		lua51.CheckGrowth(L, fn, len(text))
	}
	L.Push(lua.LString(m.sgr(code, text)))
	return 1
}

func (m *termModule) out(L *lua.LState, s string) {
	if _, err := io.WriteString(m.w, s); err != nil {
		L.RaiseError("term: write: %v", err)
	}
}

// write is term.write(...): strings and numbers to stdout with no
// separator or newline, as io.write.
func (m *termModule) write(L *lua.LState) int {
	out := lua51.Output{W: m.w, L: L}
	for i := 1; i <= L.GetTop(); i++ {
		out.Add(checkText(L, i))
	}
	if err := out.Flush(); err != nil {
		L.RaiseError("term: write: %v", err)
	}
	return 0
}

// control returns term.clear() and the cursor switches: a fixed escape
// sequence, written only to a terminal.
func (m *termModule) control(seq string) lua.LGFunction {
	return func(L *lua.LState) int {
		if m.tty {
			m.out(L, seq)
		}
		return 0
	}
}

// move is term.move(row, col): the cursor to a 1-based position.
func (m *termModule) move(L *lua.LState) int {
	row, col := L.CheckInt(1), L.CheckInt(2)
	if row < 1 {
		L.ArgError(1, "row must be 1 or more")
	}
	if col < 1 {
		L.ArgError(2, "column must be 1 or more")
	}
	if m.tty {
		m.out(L, "\x1b["+strconv.Itoa(row)+";"+strconv.Itoa(col)+"H")
	}
	return 0
}

// checkText is argument n as a string; numbers are formatted as Lua 5.1
// prints them ("%.14g"), not as gopher-lua's tostring does.
func checkText(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return luaNumber(float64(v))
	}
	L.TypeError(n, lua.LTString)
	return ""
}

// luaNumber is f as Lua 5.1 prints it.
func luaNumber(f float64) string { return lua51.NumberString(lua.LNumber(f)) }
