package tests

import (
	"bytes"
	"context"
	"encoding/hex"
	"os/exec"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
)

// FuzzPatterns runs string.find, match, gsub and gmatch on the same
// subject, pattern and replacement under lua5.1 and under psulua's engine
// (in this process) and compares what they print. `go test` runs the
// seeds; `make fuzz` searches for more.
func FuzzPatterns(f *testing.F) {
	for _, c := range [][3]string{
		{"hello world", "%w+", "<%0>"},
		{"f(a(b)c)d", "%b()", "%1"},
		{"THE (quick) fox", "%f[%a]%a+", "x"},
		{"aa", "()%1", "%1"},
		{"a\x00b", "a\x00.", "%"},
		{"key = value", "(%w+)%s*=%s*(%w+)", "%2=%1"},
		{"abc", "[]", "x"},
		{"x^y$", "^x^", "%%"},
		{"abcabc", "((a)(b))", "%3%2"},
		{"  trim  ", "^%s*(.-)%s*$", "[%1]"},
	} {
		f.Add(c[0], c[1], c[2])
	}
	needProgram(f, luaOracle, "lua5.1")
	f.Fuzz(func(t *testing.T, s, p, r string) {
		// Short inputs: a pattern's running time can grow as a power of
		// the subject's length, for lua5.1 as for us.
		if len(s) > 64 || len(p) > 16 || len(r) > 16 {
			return
		}
		args := []string{"scripts/pattern_case.lua", hex.EncodeToString([]byte(s)), hex.EncodeToString([]byte(p)), hex.EncodeToString([]byte(r))}
		want, ok := runPatternCase(t, luaOracle, args)
		if !ok {
			return // lua5.1 itself did not finish in time
		}
		got := runPatternCaseHere(t, args)
		if got != want {
			t.Errorf("subject %q, pattern %q, replacement %q:\nlua5.1:\n%s\npsulua:\n%s", s, p, r, want, got)
		}
	})
}

// runPatternCaseHere runs the case script in an engine.Host in this
// process, as psulua would, so that the fuzzer sees what the pattern code
// covers; a run that takes longer than lua5.1's limit reports the time
// limit, which then differs from lua5.1's output.
func runPatternCaseHere(t *testing.T, args []string) string {
	t.Helper()
	var out bytes.Buffer
	h := engine.New(engine.Options{Stdout: &out, Timeout: 10 * time.Second})
	defer h.Close()
	argt := h.L.NewTable()
	for i, a := range args {
		argt.RawSetInt(i, lua.LString(a))
	}
	h.L.SetGlobal("arg", argt)
	if err := h.RunFile(context.Background(), args[0]); err != nil {
		return out.String() + err.Error()
	}
	return out.String()
}

// runPatternCase runs the case script, within 10 seconds: its output, and
// whether it finished in time.
func runPatternCase(t *testing.T, bin string, args []string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if ctx.Err() != nil {
		return "", false
	}
	if err != nil {
		t.Fatalf("%s: %v\n%s", bin, err, out)
	}
	return string(out), true
}
