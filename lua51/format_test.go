package lua51

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

const lua51 = "/usr/bin/lua5.1"

// formatCases are argument lists for string.format. A case starting with
// "!" is instead a function body returning the value to compare.
var formatCases = []string{
	// Plain text and %%.
	`""`, `"plain"`, `"100%%"`, `"%%d%%"`, `"a%%%d%%b", 5`, `"tab\tnl\nnul\0end"`,
	`"%d\0%s", 1, "x"`, `12`, `1.5`, `"%d %d", 1, 2, 3`,
	// %d and %i.
	`"%d", 0`, `"%d", 42`, `"%d", -42`, `"%i", 7`, `"%d", 3.7`, `"%d", -3.7`,
	`"%d", 0.5`, `"%d", -0.5`, `"%d", 2^31`, `"%d", -2^31`, `"%d", 2^53`,
	`"%d", 2^53 + 2`, `"%d", 9007199254740993`, `"%d", 2^62`, `"%d", 2^63`,
	`"%d", -2^63`, `"%d", 1e20`, `"%d", -1e20`, `"%d", 1/0`, `"%d", -1/0`,
	`"%d", nan`, `"%5d", 42`, `"%-5d|", 42`, `"%05d", 42`, `"%05d", -42`,
	`"%+d", 42`, `"%+d", -42`, `"% d", 42`, `"% d", -42`, `"%+ d", 42`,
	`"%.3d", 7`, `"%.3d", -7`, `"%8.3d", -7`, `"%-8.3d|", 7`, `"%08.3d", 7`,
	`"%.0d", 0`, `"%5.0d|", 0`, `"%+.0d", 0`, `"%#d", 5`, `"%-05d|", 5`,
	`"%99d", 1`, `"%.99d", -1`, `"%d", "10"`, `"%d", " 0x1F "`, `"%d", "1e3"`,
	`"%d", "-7.9"`, `"%d", "inf"`, `"%d", "0x"`, `"%d", "0x1p4"`, `"%g", "5."`,
	`"%g", ".5"`, `"%g", "1e"`, `"%g", "0b101"`, `"%g", "1_0"`, `"%g", " \t12\n"`,
	`"%g", "infinity"`, `"%g", "-0x10"`, `"%g", "1e400"`, `"%g", "12\0junk"`,
	`"%g", "\v5\f"`, `"%g", "0x1.8"`, `"%g", "- 1"`, `"%g", ""`,
	// Unsigned conversions.
	`"%u", 42`, `"%u", -1`, `"%u", 3.9`, `"%u", 2^64`, `"%u", 2^63 + 2^11`,
	`"%o", 8`, `"%o", -1`, `"%#o", 8`, `"%#o", 0`, `"%#.0o", 0`, `"%#.3o", 8`,
	`"%#5o", 8`, `"%#05o", 8`, `"%.0o", 0`, `"%x", 255`, `"%X", 255`,
	`"%x", -1`, `"%X", -2`, `"%x", 2^63`, `"%x", 2^64`, `"%x", 1e20`,
	`"%x", -1e20`, `"%x", nan`, `"%x", 1/0`, `"%x", -1/0`, `"%x", -2^63`,
	`"%x", 0.99`, `"%x", -0.99`, `"%#x", 255`, `"%#X", 255`, `"%#x", 0`,
	`"%#.0x", 0`, `"%#10x", 255`, `"%#010x", 255`, `"%-#10x|", 255`,
	`"%.8x", 255`, `"%#.8X", 255`, `"%+x", 5`, `"% u", 5`, `"%08.4x", 255`,
	// %c.
	`"%c", 65`, `"%c%c%c", 76, 117, 97`, `"%c", 0`, `"%5c", 0`, `"%-5c|", 0`,
	`"%5c", 65`, `"%-5c|", 65`, `"%05c", 65`, `"%c", 256 + 65`, `"%c", -191`,
	`"%c", 65.9`, `"%c", 255`, `"%c", 1e20`, `"%c", 2^31 + 65`, `"%c", nan`,
	`"%.3c", 66`,
	// %f.
	`"%f", 0`, `"%f", 1`, `"%f", -1.5`, `"%f", 3.14159265358979`, `"%.2f", 2.675`,
	`"%.2f", 1.005`, `"%.0f", 0.5`, `"%.0f", 1.5`, `"%.0f", 2.5`, `"%.1f", 0.25`,
	`"%.3f", 1e-10`, `"%f", 1e20`, `"%f", 1e300`, `"%.0f", 2^63`, `"%.99f", 1/3`,
	`"%10.3f|", 3.14159`, `"%-10.3f|", 3.14159`, `"%010.3f", -3.14159`,
	`"%+.3f", 3.14159`, `"% .3f", 3.14159`, `"%#.0f", 3`, `"%.f", 2.5`,
	`"%f", 1/0`, `"%f", -1/0`, `"%f", nan`, `"%f", -nan`, `"%05f", -1/0`,
	`"%+f", nan`, `"% f", 1/0`, `"%-8f|", 1/0`, `"%08.2f", 1/0`, `"%f", 5e-324`,
	`"%.2f", -0.001`, `"%f", negzero`, `"%+.1f", negzero`,
	// %e and %E.
	`"%e", 0`, `"%e", 1`, `"%e", 12345.6789`, `"%e", -0.000123`, `"%E", 12345.6789`,
	`"%.0e", 12345`, `"%#.0e", 12345`, `"%.3e", 9.9996`, `"%e", 1e100`, `"%e", 1e-100`,
	`"%e", 1.7976931348623157e308`, `"%e", 5e-324`, `"%.20e", 0.1`, `"%15.2e|", 123`,
	`"%-15.2e|", 123`, `"%015.2e", -123`, `"%+e", 1`, `"% e", 1`, `"%E", 1/0`,
	`"%e", -1/0`, `"%E", nan`, `"%e", -nan`,
	// %g and %G.
	`"%g", 0`, `"%g", 1`, `"%g", 0.1`, `"%g", 100000`, `"%g", 1000000`, `"%g", 1e20`,
	`"%g", 1e-4`, `"%g", 1e-5`, `"%g", 123456789`, `"%g", 0.000123456789`,
	`"%g", 1.5`, `"%g", -2.5e-7`, `"%.0g", 123`, `"%.1g", 0.0001234`, `"%.2g", 100`,
	`"%.3g", 99.95`, `"%.3g", 9.9996`, `"%.14g", 1/3`, `"%.14g", 2^53`,
	`"%.17g", 0.1`, `"%.20g", 1e20`, `"%#g", 1`, `"%#g", 1e20`, `"%#.1g", 1`,
	`"%#.3g", 0.0001`, `"%G", 1e-10`, `"%G", 1/0`, `"%G", nan`, `"%g", -nan`,
	`"%10g|", 1.5`, `"%-10g|", 1.5`, `"%010g", -1.5`, `"%+g", 1.5`, `"% g", 1.5`,
	`"%g", 5e-324`, `"%g", 1.7976931348623157e308`, `"%.99g", 0.1`, `"%g", 9.9999995`,
	// %s.
	`"%s", "hello"`, `"%s", ""`, `"%10s|", "hi"`, `"%-10s|", "hi"`, `"%010s|", "hi"`,
	`"%.2s", "hello"`, `"%.0s|", "hello"`, `"%.s|", "hello"`, `"%5.1s|", "hello"`,
	`"%s", "a\0b"`, `"%5s|", "a\0b"`, `"%.3s|", "a\0b"`, `"%s", ("x"):rep(99) .. "\0y"`,
	`"%s", ("x"):rep(100) .. "\0y"`, `"%5s", ("x"):rep(120)`, `"%.5s", ("x"):rep(120)`,
	`"%.99s", ("y"):rep(150)`, `"%s", 42`, `"%s", -42`, `"%s", 3.5`, `"%s", 1/3`,
	`"%s", 1e14`, `"%s", 99999999999999`, `"%s", 123456789012345`, `"%s", 1e15`,
	`"%s", 2^53`, `"%s", 2^63`, `"%s", 1e100`, `"%s", 1e-5`, `"%s", 0.1`, `"%s", -1e-300`,
	`"%s", 1/0`, `"%s", -1/0`, `"%s", nan`, `"%s", -nan`, `"%s", negzero`,
	`"%8.3s|", 3.14159`, `"%s %s", "a", 1`, `"%#s", "x"`, `"%+s", "x"`,
	// %q.
	`"%q", "plain"`, `"%q", "a\"b\\c"`, `"%q", "line1\nline2"`, `"%q", "cr\rlf"`,
	`"%q", "nul\0x"`, `"%q", "\1\127\255"`, `"%q", ""`, `"%q", 42`, `"%q", 1/3`,
	`"%10q|", "x"`, `"%-5.1q|", "xyz"`,
	// The process-listing line.
	`"%d %d %s %s %s %.2f %d %d %d %.2f %s", 1234, 1, "root", "S", "systemd", 0.25, 12345678, 987654321, 3, 1.5, "/sbin/init splash"`,
	`"%-8s %5d %5.1f %5.1f %8d %s", "www-data", 4242, 12.34, 0.05, 123456, "nginx: worker"`,
	`"%7.1f%%", 99.95`,
	// Errors.
	`"%d", "x"`, `"%d", "12abc"`, `"%d", {}`, `"%d", nil`, `"%d", true`, `"%f", "nope"`,
	`"%x", print`, `"%c", "A"`, `"%d"`, `"%s"`, `"%q"`, `"%d %d", 1`, `"%s %s %s", 1, 2`,
	`"%s", {}`, `"%s", nil`, `"%s", true`, `"%s", print`, `"%q", {}`, `"%q", false`,
	`"%y", 1`, `"%F", 1`, `"%a", 1`, `"%n", 1`, `"%p", 1`, `"%l", 1`, `"%ld", 1`,
	`"%hd", 1`, `"%*d", 1, 2`, `"%", 1`, `"%5", 1`, `"%.3", 1`, `"abc%"`, `"%\0", 1`,
	`"%5%", 1`, `"%5%"`, `"%y"`, `"%\200", 1`, `"%123d", 1`, `"%1.123d", 1`,
	`"%.123f", 1`, `"%100s", "x"`, `"%------d", 1`, `"%-----d|", 1`, `"%-+ #0d", 1`,
	`"%-+ #0-d", 1`, `"%0000000d", 1`, `"%+-+-+-d", 1`, `"%99.99f", 1`,
	``, `nil`, `{}`, `true`, `nil, 1`,
	// Error messages name the function as called, and the position.
	`!local f = string.format return f("%d", "x")`,
	`!local fmtx = string.format return fmtx("%d")`,
	`!fmtglobal = string.format return fmtglobal("%y", 1)`,
	`!return select(2, pcall(string.format, "%d", "x"))`,
	`!return select(2, pcall(string.format, "%d"))`,
	`!return select(2, pcall(string.format, "%123d", 1))`,
	`!return select(2, pcall(string.format))`,
	`!local t = {string.format} return t[1]("%d", {})`,
	`!local s = string.format("%d", "x") return s`,
	`!return ("%5.2f|%s"):format(3.14159, "pi")`,
	// Errors in calls with ':' are left out: lua5.1 numbers the arguments
	// without self ("bad argument #1", "calling 'format' on bad self"),
	// which gopher-lua cannot tell us; ours count self, as gopher-lua's
	// own functions do.
	`!local t = {format = string.format} return t.format("%d", {})`,
	`!local s = "%d" return s.format(s, "z")`,
	`!return ("%d"):format(string.format("%s", {}))`,
}

// luaCaseScript writes a Lua script that prints one line per case, and
// loops over flags, widths and precisions for every conversion.
func luaCaseScript() string {
	var b strings.Builder
	b.WriteString(`local emit = emit or function(s) io.write(s, "\n") end
local function esc(r)
  if type(r) ~= "string" then return "<" .. type(r) .. ">" end
  return (r:gsub("[^ -~]", function(c) return "\\" .. c:byte() .. ";" end))
end
local function run(id, f)
  local ok, r = pcall(f)
  emit(id .. "\t" .. (ok and "ok" or "err") .. "\t" .. esc(r))
end
nan = 0/0
-- -0 from a function of its own: gopher-lua merges the constants 0 and -0.
negzero = (function() return -1e-300 * 1e-300 end)()
`)
	for i, c := range formatCases {
		if strings.HasPrefix(c, "!") {
			fmt.Fprintf(&b, "run(%d, function() %s end)\n", i+1, c[1:])
		} else {
			fmt.Fprintf(&b, "run(%d, function() return string.format(%s) end)\n", i+1, c)
		}
	}
	b.WriteString(`
local flags = {"", "-", "+", " ", "#", "0", "-0", "+0", " 0", "#0", "-#", "+ ", "-+ #0"}
local widths = {"", "1", "7", "25"}
local precs = {"", ".", ".0", ".1", ".3", ".17", ".40"}
local nums = {0, 1, -1, 7, -7, 3.7, -3.7, 0.5, 1.5, 2.5, 255, 123456789, -2^31, 2^53 + 2,
  1e15, 1e14, 99999999999999, 2^63, -2^63, 2^64, 1e20, -1e20, 0.1, 1e-5, 0.00001234,
  123.456, 9.9999995, 1e100, -1e-300, 5e-324, 1.7976931348623157e308, 1/0, -1/0, nan, -nan,
  negzero, 0.000123456789, 1234567.891, 65, -191}
local strs = {"", "a", "hello world", "a\0b", "q\"\\\n\r\0z", ("w"):rep(99), ("w"):rep(100),
  ("v"):rep(30) .. "\0" .. ("v"):rep(80), 42, 1/3, -1e-7, 1e15}
local id = 0
for _, conv in ipairs({"d", "i", "u", "o", "x", "X", "c", "e", "E", "f", "g", "G", "s", "q"}) do
  local vals = (conv == "s" or conv == "q") and strs or nums
  for _, fl in ipairs(flags) do
    for _, w in ipairs(widths) do
      for _, p in ipairs(precs) do
        local f = "[%" .. fl .. w .. p .. conv .. "]"
        for _, v in ipairs(vals) do
          id = id + 1
          run("g" .. id, function() return string.format(f, v) end)
        end
      end
    end
  end
end
`)
	return b.String()
}

// runFormatScript runs the script in gopher-lua with strFormat installed
// as string.format.
func runFormatScript(t testing.TB, src, name string) []string {
	L := lua.NewState()
	defer L.Close()
	L.GetGlobal("string").(*lua.LTable).RawSetString("format", L.NewFunction(strFormat))
	var lines []string
	L.SetGlobal("emit", L.NewFunction(func(L *lua.LState) int {
		lines = append(lines, L.CheckString(1))
		return 0
	}))
	fn, err := L.Load(strings.NewReader(src), name)
	if err != nil {
		t.Fatalf("gopher-lua: %v", err)
	}
	L.Push(fn)
	if err := L.PCall(0, 0, nil); err != nil {
		t.Fatalf("gopher-lua: %v", err)
	}
	return lines
}

func TestStrFormatMatchesLua51(t *testing.T) {
	if _, err := os.Stat(lua51); err != nil {
		if os.Getenv("PSULUA_REQUIRE_ORACLES") == "1" {
			t.Fatal(lua51 + " is missing: apt-get install lua5.1 (PSULUA_REQUIRE_ORACLES=1)")
		}
		t.Skip(lua51 + " is missing: apt-get install lua5.1 (skipped; PSULUA_REQUIRE_ORACLES=1 makes this a failure)")
	}
	// A short relative name: lua5.1 abbreviates long ones in positions.
	const name = "fmtcases.lua"
	dir := t.TempDir()
	src := luaCaseScript()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(lua51, name)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("lua5.1: %v", err)
	}
	want := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	got := runFormatScript(t, src, name)
	if len(got) != len(want) {
		t.Fatalf("gopher-lua printed %d lines, lua5.1 %d", len(got), len(want))
	}
	if len(formatCases) < 150 {
		t.Errorf("only %d explicit cases", len(formatCases))
	}
	failures := 0
	for i := range want {
		if got[i] == want[i] {
			continue
		}
		failures++
		if failures > 40 {
			t.Fatalf("too many differences")
		}
		id, _, _ := strings.Cut(want[i], "\t")
		what := id
		if n := 0; !strings.HasPrefix(id, "g") {
			fmt.Sscan(id, &n)
			what = formatCases[n-1]
		}
		t.Errorf("case %s:\n  lua5.1: %q\n  psulua: %q", what, want[i], got[i])
	}
	t.Logf("%d cases compared with lua5.1", len(want))
}

// TestStrFormatErrorPositions checks the errors' text in a host script:
// position of the caller, and the name it called string.format by.
func TestStrFormatErrorPositions(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.GetGlobal("string").(*lua.LTable).RawSetString("format", L.NewFunction(strFormat))
	for src, want := range map[string]string{
		"local x = string.format('%d', {})":               `<string>:1: bad argument #2 to 'format' (number expected, got table)`,
		"\nlocal f = string.format\nlocal x = f('%y', 1)": `<string>:3: invalid option '%y' to 'format'`,
		"local f = string.format\nlocal x = f('%s')":      `<string>:2: bad argument #2 to 'f' (no value)`,
	} {
		err := L.DoString(src)
		if err == nil {
			t.Errorf("%q: no error", src)
			continue
		}
		if got := err.(*lua.ApiError).Object.String(); got != want {
			t.Errorf("%q:\n  got  %q\n  want %q", src, got, want)
		}
	}
}

func TestStrFormatFromGo(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	err := L.CallByParam(lua.P{Fn: L.NewFunction(strFormat), NRet: 1, Protect: true},
		lua.LString("%5.1f|%-4s|%x"), lua.LNumber(2.25), lua.LString("ab"), lua.LNumber(-1))
	if err != nil {
		t.Fatal(err)
	}
	if got := L.Get(-1).String(); got != "  2.2|ab  |ffffffffffffffff" {
		t.Errorf("got %q", got)
	}
	err = L.CallByParam(lua.P{Fn: L.NewFunction(strFormat), NRet: 1, Protect: true},
		lua.LString("%d"), lua.LString("x"))
	if err == nil || err.(*lua.ApiError).Object.String() != "bad argument #2 to '?' (number expected, got string)" {
		t.Errorf("got %v", err)
	}
}

const benchLine = `%d %d %s %s %s %.2f %d %d %d %.2f %s`

func benchmarkFormat(b *testing.B, format func(L *lua.LState) lua.LValue) {
	L := lua.NewState()
	defer L.Close()
	fn := format(L)
	args := []lua.LValue{lua.LString(benchLine), lua.LNumber(4242), lua.LNumber(1),
		lua.LString("www-data"), lua.LString("S"), lua.LString("nginx"), lua.LNumber(12.3456),
		lua.LNumber(123456789), lua.LNumber(987654321), lua.LNumber(17), lua.LNumber(0.4567),
		lua.LString("nginx: worker process")}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		L.Push(fn)
		for _, a := range args {
			L.Push(a)
		}
		L.Call(len(args), 1)
		L.Pop(1)
	}
}

func BenchmarkStrFormat(b *testing.B) {
	b.Run("gopher-lua", func(b *testing.B) {
		benchmarkFormat(b, func(L *lua.LState) lua.LValue {
			return L.GetField(L.GetGlobal("string"), "format")
		})
	})
	b.Run("psulua", func(b *testing.B) {
		benchmarkFormat(b, func(L *lua.LState) lua.LValue { return L.NewFunction(strFormat) })
	})
}

// %s formats a value with __tostring as tostring does (Lua 5.2's rule), so
// that psutil's error values format as strings; other tables still raise
// lua5.1's error.
func TestStrFormatToStringMetamethod(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.GetGlobal("string").(*lua.LTable).RawSetString("format", L.NewFunction(strFormat))
	err := L.DoString(`
		local e = setmetatable({}, {__tostring = function() return "psutil.AccessDenied: (pid=1)" end})
		assert(string.format("%s", e) == "psutil.AccessDenied: (pid=1)")
		assert(string.format("[%8.6s]", e) == "[  psutil]")
		assert(not pcall(string.format, "%s", {}))`)
	if err != nil {
		t.Fatal(err)
	}
}

// TestConcatStopsWithTheContext: table.concat of a million numbers, once
// the state's context is done, stops with the context's error (it took a
// second or more in one Go call).
func TestConcatStopsWithTheContext(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Install(L, Options{})
	tb := L.NewTable()
	for i := 1; i <= 1e6; i++ {
		tb.RawSetInt(i, lua.LNumber(i))
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	err := L.CallByParam(lua.P{Fn: L.GetField(L.GetGlobal("table"), "concat"), Protect: true}, tb, lua.LString(","))
	if err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("error %v, want the context's", err)
	}
}
