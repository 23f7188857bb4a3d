package tests

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The REPL tests drive the real binary in a real terminal: each starts its
// own tmux server (its own socket), types with send-keys and reads the
// screen with capture-pane, polling every 50 ms up to a deadline.

const (
	replPoll     = 50 * time.Millisecond
	replDeadline = 5 * time.Second
)

var replSockets atomic.Int64

// replTerminal is psulua running in a tmux pane of 120x40.
type replTerminal struct {
	t      *testing.T
	socket string
}

// startREPL runs psulua with args in a new terminal, with its history in
// history (a file in t.TempDir() when ""). When psulua ends, the pane
// shows "[tty restored]" if it left the terminal as it found it, and
// "[exited N]".
func startREPL(t *testing.T, history string, args ...string) *replTerminal {
	t.Helper()
	needProgram(t, "tmux", "tmux")
	if history == "" {
		history = filepath.Join(t.TempDir(), "history")
	}
	tm := &replTerminal{t: t, socket: fmt.Sprintf("psulua-test-%d-%d", os.Getpid(), replSockets.Add(1))}
	script := `before=$(stty -g); "$0" "$@"; status=$?; ` +
		`[ "$(stty -g)" = "$before" ] && echo "[tty restored]"; echo "[exited $status]"; sleep 600`
	tmuxArgs := append([]string{"new-session", "-d", "-x", "120", "-y", "40", "-s", "main",
		"env", "PSULUA_HISTORY=" + history, "sh", "-c", script, psuluaBin}, args...)
	tm.tmux(tmuxArgs...)
	socketPath := strings.TrimSpace(tm.tmux("display-message", "-p", "#{socket_path}"))
	t.Cleanup(func() {
		// psulua writes its history as it exits, into a directory the
		// test's cleanup removes next: end it (Ctrl-C, then Ctrl-D at
		// the prompt) and wait, bounded, before the server goes.
		tmux := func(args ...string) ([]byte, error) {
			return exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...).Output()
		}
		tmux("send-keys", "-t", "main", "C-c")
		tmux("send-keys", "-t", "main", "C-d")
		for deadline := time.Now().Add(replDeadline); time.Now().Before(deadline); time.Sleep(replPoll) {
			if out, err := tmux("capture-pane", "-p", "-t", "main"); err != nil || strings.Contains(string(out), "[exited ") {
				break
			}
		}
		tmux("kill-server")
		os.Remove(socketPath) // tmux leaves it behind
	})
	tm.waitFor("Type help() for help")
	return tm
}

func (tm *replTerminal) tmux(args ...string) string {
	tm.t.Helper()
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket, "-f", "/dev/null"}, args...)...)
	cmd.Env = append(interpreterEnv(), "TMUX=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		tm.t.Fatalf("tmux %q: %v\n%s", args, err, out)
	}
	return string(out)
}

// typeText types text literally; keys sends tmux key names (Enter, Tab,
// C-c, Up).
func (tm *replTerminal) typeText(text string) {
	tm.t.Helper()
	tm.tmux("send-keys", "-t", "main", "-l", text)
}
func (tm *replTerminal) keys(keys ...string) {
	tm.t.Helper()
	tm.tmux(append([]string{"send-keys", "-t", "main"}, keys...)...)
}

// screen is the pane's text, wrapped lines joined, trailing spaces and
// blank lines removed.
func (tm *replTerminal) screen() string {
	tm.t.Helper()
	lines := strings.Split(tm.tmux("capture-pane", "-p", "-J", "-t", "main"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

// waitFor polls the screen until it contains text, and returns it.
func (tm *replTerminal) waitFor(text string) string {
	tm.t.Helper()
	return tm.waitUntil(text, func(s string) bool { return strings.Contains(s, text) })
}

func (tm *replTerminal) waitUntil(what string, ok func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.Now().Add(replDeadline)
	for {
		s := tm.screen()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("timed out waiting for %s; the screen:\n%s", what, s)
		}
		time.Sleep(replPoll)
	}
}

// run types a line and Enter, waits for the next prompt and returns what
// was printed in between, lines trimmed of trailing spaces.
func (tm *replTerminal) run(line string) string {
	tm.t.Helper()
	tm.typeText(line)
	tm.keys("Enter")
	var out string
	tm.waitUntil("the prompt after "+line, func(s string) bool {
		var ok bool
		out, ok = replOutputAfter(s, line)
		return ok
	})
	return out
}

// replOutputAfter finds the last line echoing the command (after a > or >>
// prompt) and returns the lines between it and the next "> " prompt.
func replOutputAfter(screen, line string) (string, bool) {
	lines := strings.Split(screen, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimRight(lines[i], " "); l != "> "+line && l != ">> "+line {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "> ") || lines[j] == ">" {
				out := lines[i+1 : j]
				for k := range out {
					out[k] = strings.TrimRight(out[k], " ")
				}
				return strings.Join(out, "\n"), true
			}
		}
		return "", false
	}
	return "", false
}

// replLastLine is the screen's last line: the one being edited.
func replLastLine(screen string) string {
	return screen[strings.LastIndexByte(screen, '\n')+1:]
}

func TestREPLAutoPrint(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	for _, c := range []struct{ line, want string }{
		{"1 + 1", "2"},
		{"=2 * 3", "6"},
		{"x = 5", ""},
		{"x", "5"},
		{`x, "two", nil`, `5       "two"   nil`},
		{"print('printed')", "printed"},
		{"type(psutil)", `"table"`},
	} {
		if got := tm.run(c.line); got != c.want {
			t.Errorf("%s printed %q, want %q", c.line, got, c.want)
		}
	}
	if got := tm.run("psutil.cpu_count()"); !regexp.MustCompile(`^[1-9]\d*$`).MatchString(got) {
		t.Errorf("psutil.cpu_count() printed %q", got)
	}
}

func TestREPLPrettyPrint(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	tm.run(`tuple = setmetatable({}, {__tostring = function() return "scputimes(user=1.5, system=2)" end})`)
	tm.run(`nsp = {__tostring = function() return "psutil.NoSuchProcess: process no longer exists (pid=42)" end}`)
	for _, c := range []struct{ line, want string }{
		{`{b = 1, a = {1, 2, {c = "x"}}, ["with space"] = true}`, `{a = {1, 2, {c = "x"}}, b = 1, ["with space"] = true}`},
		{`{tuple, tuple}`, "{\n  scputimes(user=1.5, system=2),\n  scputimes(user=1.5, system=2)\n}"},
		{`error(setmetatable({}, nsp))`, "psutil.NoSuchProcess: process no longer exists (pid=42)"},
	} {
		if got := tm.run(c.line); got != c.want {
			t.Errorf("%s printed\n%s\nwant\n%s", c.line, got, c.want)
		}
	}
	if got := tm.run("nosuch.field"); !strings.HasPrefix(got, "stdin:1: ") {
		t.Errorf("an error printed %q", got)
	}
	if got := tm.run("psutil.cpu_times(true)"); !regexp.MustCompile(`^\{\n(  scputimes\(user=.*\n)+\}$`).MatchString(got) {
		t.Errorf("psutil.cpu_times(true) printed\n%s", got)
	}
	long := tm.run(`{name = string.rep("n", 60), more = string.rep("m", 60)}`)
	if want := "{\n  more = \"" + strings.Repeat("m", 60) + "\",\n  name = \"" + strings.Repeat("n", 60) + "\"\n}"; long != want {
		t.Errorf("a long table printed\n%s\nwant\n%s", long, want)
	}
}

func TestREPLContinuation(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	tm.typeText("for i = 1, 3 do")
	tm.keys("Enter")
	tm.waitUntil("the >> prompt", func(s string) bool { return replLastLine(s) == ">>" })
	tm.typeText("print(i * 10)")
	tm.keys("Enter")
	tm.waitUntil("another >> prompt", func(s string) bool { return strings.HasSuffix(s, ">> print(i * 10)\n>>") })
	if got := tm.run("end"); got != "10\n20\n30" {
		t.Errorf("the loop printed %q", got)
	}

	tm.typeText("y = ")
	tm.keys("Enter")
	tm.waitUntil("the >> prompt after y =", func(s string) bool { return replLastLine(s) == ">>" })
	tm.typeText("42")
	tm.keys("Enter")
	if got := tm.run("y"); got != "42" {
		t.Errorf("y = <Enter> 42 set y to %q", got)
	}
}

func TestREPLCompletion(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	tm.typeText("psutil.vir")
	tm.keys("Tab")
	tm.waitUntil("psutil.virtual_memory(", func(s string) bool { return replLastLine(s) == "> psutil.virtual_memory(" })
	tm.keys("C-c")
	tm.waitUntil("a fresh prompt", func(s string) bool { return replLastLine(s) == ">" })

	tm.run(`p = setmetatable({}, {__index = {memory_info = function() return 1 end, name = function() end}})`)
	tm.typeText("p:mem")
	tm.keys("Tab")
	tm.waitUntil("p:memory_info(", func(s string) bool { return replLastLine(s) == "> p:memory_info(" })
	tm.typeText(")")
	tm.keys("Enter")
	tm.waitFor("> p:memory_info()\n1\n>")

	// Two candidates: Tab completes their common prefix, a second Tab
	// lists them.
	tm.typeText("string.f")
	tm.keys("Tab", "Tab")
	tm.waitUntil("the list of candidates", func(s string) bool {
		return regexp.MustCompile(`(?m)^find\(\s+format\(\s*$`).MatchString(s) && replLastLine(s) == "> string.f"
	})
	tm.keys("C-c")
	tm.waitUntil("a fresh prompt", func(s string) bool { return replLastLine(s) == ">" })

	// After a call of a function that only reads, the fields of what it
	// returns; a Process's methods take ':'.
	tm.typeText("psutil.swap_memory().fr")
	tm.keys("Tab")
	tm.waitUntil("psutil.swap_memory().free", func(s string) bool { return replLastLine(s) == "> psutil.swap_memory().free" })
	tm.keys("C-c")
	tm.waitUntil("a fresh prompt", func(s string) bool { return replLastLine(s) == ">" })
	tm.run("me = psutil.Process()")
	tm.typeText("me.na")
	tm.keys("Tab")
	tm.waitUntil("me:name(", func(s string) bool { return replLastLine(s) == "> me:name(" })
	tm.typeText(") == psutil.Process():name()")
	tm.keys("Enter")
	tm.waitFor("> me:name() == psutil.Process():name()\ntrue\n>")
	tm.typeText("me.pi")
	tm.keys("Tab")
	tm.waitUntil("me.pid", func(s string) bool { return replLastLine(s) == "> me.pid" })
}

// _ is the last result printed; a misspelt name says what it meant.
func TestREPLLastResultAndMisspelling(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	tm.run("40 + 2")
	if got := tm.run("_ + 1"); got != "43" {
		t.Errorf("_ + 1 printed %q, want 43", got)
	}
	tm.run("x = 1") // a statement prints nothing and keeps _
	if got := tm.run("_"); got != "43" {
		t.Errorf("_ after a statement printed %q, want 43", got)
	}
	if got := tm.run("psutil.virtual_memry()"); !strings.Contains(got, "module 'psutil' has no attribute 'virtual_memry'. Did you mean: 'virtual_memory'?") {
		t.Errorf("a misspelt function printed %q", got)
	}
	if got := tm.run("psutil.virtual_memory().totl"); !strings.Contains(got, "'svmem' object has no attribute 'totl'. Did you mean: 'total'?") {
		t.Errorf("a misspelt field printed %q", got)
	}
}

func TestREPLHistory(t *testing.T) {
	t.Parallel()
	history := filepath.Join(t.TempDir(), "psulua_history")
	first := startREPL(t, history)
	first.run("x = 'first session'")
	first.typeText("for i = 1, 2 do")
	first.keys("Enter")
	first.waitUntil("the >> prompt", func(s string) bool { return replLastLine(s) == ">>" })
	first.typeText("end")
	first.keys("Enter")
	first.waitUntil("the > prompt", func(s string) bool { return strings.HasSuffix(s, ">> end\n>") })
	first.keys("C-d")
	first.waitFor("[exited 0]")
	saved, err := os.ReadFile(history)
	if err != nil || !strings.Contains(string(saved), "x = 'first session'\n") {
		t.Fatalf("history file after the first session: %q, %v", saved, err)
	}

	second := startREPL(t, history)
	second.keys("Up")
	second.waitUntil("the last line of the first session", func(s string) bool { return replLastLine(s) == "> for i = 1, 2 do end" })
	second.keys("Up")
	second.waitUntil("the line before", func(s string) bool { return replLastLine(s) == "> x = 'first session'" })
	second.keys("Down", "Down")
	second.waitUntil("an empty line", func(s string) bool { return replLastLine(s) == ">" })
	second.keys("C-r")
	second.typeText("first")
	second.waitUntil("the search", func(s string) bool { return strings.Contains(replLastLine(s), "`first': x = 'first session'") })
	second.keys("Enter")
	if got := second.run("x"); got != `"first session"` {
		t.Errorf("after Ctrl-R and Enter, x is %q", got)
	}
}

func TestREPLCtrlC(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	// A partial line, then a partial statement.
	tm.typeText("abc")
	tm.keys("C-c")
	tm.waitUntil("a fresh prompt", func(s string) bool { return strings.HasSuffix(s, "> abc^C\n>") })
	tm.typeText("for i = 1, 2 do")
	tm.keys("Enter")
	tm.waitUntil("the >> prompt", func(s string) bool { return replLastLine(s) == ">>" })
	tm.keys("C-c")
	tm.waitUntil("the > prompt", func(s string) bool { return replLastLine(s) == ">" })

	// A running loop, then a psutil call that waits.
	for _, line := range []string{"while true do end", "psutil.cpu_percent(10)"} {
		tm.typeText(line)
		tm.keys("Enter")
		time.Sleep(200 * time.Millisecond)
		tm.keys("C-c")
		screen := tm.waitUntil("the prompt after interrupting "+line, func(s string) bool {
			out, ok := replOutputAfter(s, line)
			return ok && strings.Contains(out, "interrupted!")
		})
		if strings.Contains(screen, "[exited") {
			t.Fatalf("Ctrl-C ended the REPL:\n%s", screen)
		}
	}
	if got := tm.run("1 + 1"); got != "2" {
		t.Errorf("after Ctrl-C, 1 + 1 printed %q", got)
	}
}

func TestREPLCtrlD(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "")
	tm.run("x = 1")
	tm.keys("C-d")
	tm.waitFor("[tty restored]\n[exited 0]")
}

func TestREPLOsExit(t *testing.T) {
	t.Parallel()
	history := filepath.Join(t.TempDir(), "history")
	tm := startREPL(t, history)
	tm.typeText("os.exit(3)")
	tm.keys("Enter")
	tm.waitFor("[tty restored]\n[exited 3]")
	if saved, _ := os.ReadFile(history); string(saved) != "os.exit(3)\n" {
		t.Errorf("history after os.exit: %q", saved)
	}
}

func TestREPLAfterScript(t *testing.T) {
	t.Parallel()
	tm := startREPL(t, "", "-i", "cli/args.lua", "a")
	if got := tm.run("arg[1], #arg"); got != `"a"     1` {
		t.Errorf("-i script: arg[1], #arg printed %q", got)
	}
}
