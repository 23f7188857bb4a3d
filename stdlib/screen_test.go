package stdlib

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// fakeKeyboard is a terminal's keyboard on which q is typed during wait
// number quitAt (never when 0).
type fakeKeyboard struct {
	quitAt         int
	waits          []time.Duration
	raws, restores int // cbreak and its restore
}

func (k *fakeKeyboard) cbreak() (func(), error) {
	k.raws++
	return func() { k.restores++ }, nil
}

func (k *fakeKeyboard) wait(ctx context.Context, d time.Duration) (bool, error) {
	k.waits = append(k.waits, d)
	if len(k.waits) == k.quitAt {
		return true, nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return false, nil
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// screenState returns a state whose screen writes to out, on a 10x2
// terminal (or not a terminal) with keyboard kb (nil: none).
func screenState(out io.Writer, tty bool, kb *fakeKeyboard) func(t *testing.T) *lua.LState {
	return func(t *testing.T) *lua.LState {
		L := newState(t, Options{Stdout: out})
		env := map[string]string{"COLUMNS": "10", "LINES": "2"}
		m := &screenModule{term: &termModule{w: out, tty: tty, fd: -1, getenv: func(k string) string { return env[k] }}}
		if kb != nil {
			m.input = kb
		}
		L.PreloadModule("screen", m.loader)
		if b, ok := out.(*bytes.Buffer); ok {
			b.Reset()
		}
		return L
	}
}

const frames = `local screen = require("screen")
local calls = {}
local function refresh(n)
	calls[#calls + 1] = n
	return {"frame " .. n, {text = "head", color = "red", bold = true, highlight = true}, "cut at the bottom"}
end
`

func TestScreenNotATerminal(t *testing.T) {
	var out bytes.Buffer
	runCases(t, []luaCase{
		{name: "plain frames, refresh numbered", chunk: frames + `screen.run{refresh = refresh, delay = 0, iterations = 2} return table.concat(calls, ",")`, want: "1,2"},
		{name: "no iterations", chunk: frames + `screen.run{refresh = refresh, iterations = 0} return #calls`, want: "0"},
		{name: "refresh errors stop the loop", chunk: `require("screen").run{refresh = function(n) error("boom " .. n) end}`, err: "boom 1"},
		{name: "refresh is required", chunk: `require("screen").run{delay = 1}`, err: "refresh must be a function"},
		{name: "negative delay", chunk: frames + `screen.run{refresh = refresh, delay = -1}`, err: "delay must be between 0 and 1e9 seconds"},
		{name: "fractional iterations", chunk: frames + `screen.run{refresh = refresh, iterations = 1.5}`, err: "iterations must be a whole number"},
		{name: "not a list", chunk: `require("screen").run{refresh = function() return "x" end}`, err: "refresh 1 returned string, not a list of lines"},
		{name: "bad line", chunk: `require("screen").run{refresh = function() return {"a", true} end}`, err: "line 2 of refresh 1 is a boolean"},
		{name: "line without text", chunk: `require("screen").run{refresh = function() return {{color = "red"}} end}`, err: "line 1 of refresh 1 has no text"},
		{name: "unknown colour", chunk: `require("screen").run{refresh = function() return {{text = "a", color = "mauve"}} end}`, err: `unknown colour "mauve"`},
	}, screenState(&out, false, nil))

	L := screenState(&out, false, nil)(t)
	start := time.Now()
	if _, err := eval(L, frames+`screen.run{refresh = refresh, delay = 0.05, iterations = 3}`); err != nil {
		t.Fatal(err)
	}
	if elapsed := time.Since(start); elapsed < 100*time.Millisecond {
		t.Errorf("3 refreshes 0.05 s apart took %v", elapsed)
	}
	// As top -b: every line of every frame, plain, nothing cut.
	var want strings.Builder
	for n := 1; n <= 3; n++ {
		fmt.Fprintf(&want, "frame %d\nhead\ncut at the bottom\n", n)
	}
	if out.String() != want.String() {
		t.Errorf("output %q\nwant %q", out.String(), want.String())
	}
}

func TestScreenTerminal(t *testing.T) {
	var out bytes.Buffer
	kb := &fakeKeyboard{}
	L := screenState(&out, true, kb)(t)
	if _, err := eval(L, frames+`screen.run{refresh = refresh, delay = 0.01, iterations = 2}`); err != nil {
		t.Fatal(err)
	}
	// Cut to 10 columns and 2 rows; the highlighted line padded to the width.
	frame := screenClear + "\x1b[1;1Hframe 1" + "\x1b[2;1H\x1b[1m\x1b[31m\x1b[7mhead      \x1b[0m\x1b[0m\x1b[0m"
	want := screenEnter + frame + strings.Replace(frame, "frame 1", "frame 2", 1) + screenLeave
	if out.String() != want {
		t.Errorf("output\n%q\nwant\n%q", out.String(), want)
	}
	if kb.raws != 1 || kb.restores != 1 || len(kb.waits) != 1 || kb.waits[0] != 10*time.Millisecond {
		t.Errorf("keyboard: %+v", kb)
	}
}

func TestScreenQuitKey(t *testing.T) {
	var out bytes.Buffer
	kb := &fakeKeyboard{quitAt: 2}
	L := screenState(&out, true, kb)(t)
	got, err := eval(L, frames+`screen.run{refresh = refresh, delay = 0} return #calls`)
	if err != nil {
		t.Fatal(err)
	}
	if got != "2" || kb.restores != 1 || !strings.HasSuffix(out.String(), screenLeave) {
		t.Errorf("%s refreshes before q; keyboard %+v; output %q", got, kb, out.String())
	}
}

// The terminal is given back however run ends.
func TestScreenRestores(t *testing.T) {
	for _, c := range []struct {
		name, chunk, err string
		timeout          time.Duration
	}{
		{"error in refresh", `require("screen").run{refresh = function(n) error("boom") end}`, "boom", 0},
		{"bad frame", `require("screen").run{refresh = function(n) return 1 end}`, "not a list of lines", 0},
		{"time limit while waiting", frames + `screen.run{refresh = refresh, delay = 60}`, "deadline exceeded", 50 * time.Millisecond},
		{"time limit in refresh", `require("screen").run{refresh = function(n) while true do end end}`, "deadline exceeded", 50 * time.Millisecond},
	} {
		for _, kb := range []*fakeKeyboard{{}, nil} {
			t.Run(c.name, func(t *testing.T) {
				var out bytes.Buffer
				L := screenState(&out, true, kb)(t)
				if c.timeout > 0 {
					ctx, cancel := context.WithTimeout(context.Background(), c.timeout)
					defer cancel()
					L.SetContext(ctx)
				}
				start := time.Now()
				_, err := eval(L, c.chunk)
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				if time.Since(start) > 10*time.Second {
					t.Errorf("took %v", time.Since(start))
				}
				if !strings.HasPrefix(out.String(), screenEnter) || !strings.HasSuffix(out.String(), screenLeave) {
					t.Errorf("output %q", out.String())
				}
				if kb != nil && (kb.raws != 1 || kb.restores != 1) {
					t.Errorf("keyboard %+v", kb)
				}
			})
		}
	}
}

// Text is cut and padded by characters, not bytes: a name in UTF-8 is
// never cut inside a character, and a highlight ends at the last column.
func TestScreenCutsCharacters(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"ascii", "0123456789abc", "0123456789"},
		{"two-byte characters", "été cafés français", "été cafés "},
		{"three-byte characters cut", "€€€€€€€€€€€", "€€€€€€€€€€"},
		{"short, padded", "été", "été       "},
		{"exactly the width", "naïve café", "naïve café"},
		{"invalid UTF-8, a byte a column", "\xff\xfe", "\xff\xfe        "},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out bytes.Buffer
			L := screenState(&out, true, nil)(t)
			L.SetGlobal("text", lua.LString(c.text))
			if _, err := eval(L, `require("screen").run{iterations = 1, refresh = function() return {{text = text, highlight = true}} end}`); err != nil {
				t.Fatal(err)
			}
			want := screenEnter + screenClear + "\x1b[1;1H\x1b[7m" + c.want + "\x1b[0m" + screenLeave
			if out.String() != want {
				t.Errorf("output\n%q\nwant\n%q", out.String(), want)
			}
		})
	}
}

// One screen.run at a time has the keyboard: one started while another
// runs (in another host) has none, and leaves the first's modes alone.
func TestScreenOneKeyboard(t *testing.T) {
	var outA, outB bytes.Buffer
	kbA, kbB := &fakeKeyboard{}, &fakeKeyboard{}
	A := screenState(&outA, true, kbA)(t)
	B := screenState(&outB, true, kbB)(t)
	A.SetGlobal("run_b", A.NewFunction(func(L *lua.LState) int {
		if _, err := eval(B, frames+`screen.run{refresh = refresh, delay = 0, iterations = 2}`); err != nil {
			L.RaiseError("%v", err)
		}
		return 0
	}))
	if _, err := eval(A, `require("screen").run{delay = 0, iterations = 2, refresh = function(n) run_b() return {"a"} end}`); err != nil {
		t.Fatal(err)
	}
	if kbA.raws != 1 || kbA.restores != 1 || len(kbA.waits) != 1 {
		t.Errorf("first run's keyboard %+v", kbA)
	}
	if kbB.raws != 0 || len(kbB.waits) != 0 {
		t.Errorf("second run's keyboard %+v", kbB)
	}
	// Given back: the next run has it.
	if _, err := eval(B, frames+`screen.run{refresh = refresh, delay = 0, iterations = 1}`); err != nil {
		t.Fatal(err)
	}
	if kbB.raws != 1 || kbB.restores != 1 {
		t.Errorf("keyboard not given back: %+v", kbB)
	}
}

// RestoreTerminal, for a program dying of a signal, gives the terminal
// back once, and the run's own restore then does nothing.
func TestScreenRestoreTerminal(t *testing.T) {
	var out bytes.Buffer
	kb := &fakeKeyboard{}
	L := screenState(&out, true, kb)(t)
	L.SetGlobal("restore_terminal", L.NewFunction(func(*lua.LState) int { RestoreTerminal(); return 0 }))
	if _, err := eval(L, `require("screen").run{iterations = 1, refresh = function() restore_terminal() return {"a"} end}`); err != nil {
		t.Fatal(err)
	}
	if kb.raws != 1 || kb.restores != 1 {
		t.Errorf("keyboard %+v", kb)
	}
	if !strings.HasPrefix(out.String(), screenEnter+screenLeave) || strings.Count(out.String(), screenLeave) != 1 {
		t.Errorf("output %q", out.String())
	}
	RestoreTerminal() // nothing held: nothing done
	if kb.restores != 1 {
		t.Errorf("keyboard %+v", kb)
	}
}

// TestScreenLargeFrameNotCopied: a frame written as plain lines is not
// first copied whole (a frame of 100 MB went past the sandbox's ceiling).
func TestScreenLargeFrameNotCopied(t *testing.T) {
	const size = 32 << 20
	L := screenState(io.Discard, false, nil)(t)
	L.SetGlobal("line", lua.LString(strings.Repeat("y", size)))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	if _, err := eval(L, `require("screen").run{refresh = function() return {line, line} end, iterations = 1}`); err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > size/2 {
		t.Errorf("a frame of %d MiB allocated %d MiB", 2*size>>20, grew>>20)
	}
}
