package stdlib

import "testing"

// topParser is the parser of a top-like script, shared by the cases.
const topParser = `
local p = argparse.new{prog = "top", description = "A clone of top."}
p:option{"-n", "--interval", type = "number", default = 1, help = "seconds between updates"}
p:option{"-s", "--sort", choices = {"cpu", "mem"}, default = "cpu", help = "sort key"}
p:option{"--max-lines", type = "integer", help = "stop after this many lines"}
p:flag{"-a", "--all", help = "show all processes"}
p:flag{"-v"}
p:positional{"pid", type = "integer", nargs = "?", help = "only this process"}
local function show(args, msg, code)
	if not args then return msg, code end
	local keys = {}
	for k in pairs(args) do keys[#keys + 1] = k end
	table.sort(keys)
	local out = {}
	for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. tostring(args[k]) end
	return table.concat(out, " ")
end
`

func TestArgparse(t *testing.T) {
	const defaults = "all=false interval=1 sort=cpu v=false"
	runCases(t, []luaCase{
		{name: "defaults", chunk: topParser + `return show(p:parse({}))`, want: defaults},
		{name: "long options", chunk: topParser + `return show(p:parse({"--interval", "0.5", "--all", "--sort=mem", "--max-lines", "10"}))`,
			want: "all=true interval=0.5 max_lines=10 sort=mem v=false"},
		{name: "short options", chunk: topParser + `return show(p:parse({"-n", "2", "-smem", "-a", "-v"}))`, want: "all=true interval=2 sort=mem v=true"},
		{name: "grouped flags and attached value", chunk: topParser + `return show(p:parse({"-avn3"}))`, want: "all=true interval=3 sort=cpu v=true"},
		{name: "short option with =", chunk: topParser + `return show(p:parse({"-n=4"}))`, want: "all=false interval=4 sort=cpu v=false"},
		{name: "positional", chunk: topParser + `return show(p:parse({"-a", "42"}))`, want: "all=true interval=1 pid=42 sort=cpu v=false"},
		{name: "positional between options", chunk: topParser + `return show(p:parse({"42", "-n", "5"}))`, want: "all=false interval=5 pid=42 sort=cpu v=false"},
		{name: "negative number value", chunk: topParser + `return show(p:parse({"-n", "-1"}))`, want: "all=false interval=-1 sort=cpu v=false"},
		{name: "double dash", chunk: topParser + `return show(p:parse({"--", "7"}))`, want: "all=false interval=1 pid=7 sort=cpu v=false"},
		{name: "global arg by default", chunk: topParser + `arg = {[0] = "top.lua", "-a"} return show(p:parse())`, want: "all=true interval=1 sort=cpu v=false"},
		{name: "no arguments without a global arg", chunk: topParser + `arg = nil return show(p:parse(arg))`, want: defaults},
		{name: "invalid number", chunk: topParser + `return show(p:parse({"-n", "x"}))`,
			want: "usage: top [-h] [-n INTERVAL] [-s {cpu,mem}] [--max-lines MAX_LINES] [-a] [-v] [pid]\ntop: error: argument -n/--interval: invalid number value: 'x'\t2"},
		{name: "invalid integer", chunk: topParser + `local _, msg = p:parse({"--max-lines", "1.5"}) return msg:match("error: .*")`,
			want: "error: argument --max-lines: invalid integer value: '1.5'"},
		{name: "invalid choice", chunk: topParser + `local _, msg = p:parse({"-s", "io"}) return msg:match("error: .*")`,
			want: "error: argument -s/--sort: invalid choice: 'io' (choose from 'cpu', 'mem')"},
		{name: "missing value", chunk: topParser + `local _, msg = p:parse({"-a", "--interval"}) return msg:match("error: .*")`,
			want: "error: argument -n/--interval: expected one argument"},
		{name: "option as value", chunk: topParser + `local _, msg = p:parse({"-n", "-a"}) return msg:match("error: .*")`,
			want: "error: argument -n/--interval: expected one argument"},
		{name: "unknown option", chunk: topParser + `local _, msg, code = p:parse({"--color"}) return msg:match("error: .*"), code`,
			want: "error: unrecognized arguments: --color\t2"},
		{name: "unknown short option", chunk: topParser + `local _, msg = p:parse({"-ax"}) return msg:match("error: .*")`,
			want: "error: unrecognized arguments: -ax"},
		{name: "extra positional", chunk: topParser + `local _, msg = p:parse({"1", "2"}) return msg:match("error: .*")`,
			want: "error: unrecognized arguments: 2"},
		{name: "flag with a value", chunk: topParser + `local _, msg = p:parse({"--all=yes"}) return msg:match("error: .*")`,
			want: "error: argument -a/--all: ignored explicit argument 'yes'"},
		{name: "bad value before --help wins, as in Python", chunk: topParser + `local _, msg = p:parse({"-n", "x", "--help"}) return msg:match("error: .*")`,
			want: "error: argument -n/--interval: invalid number value: 'x'"},
		{name: "help", chunk: topParser + `return p:parse({"-a", "--help", "-n", "x"})`, want: "nil\tusage: top [-h] [-n INTERVAL] [-s {cpu,mem}] [--max-lines MAX_LINES] [-a] [-v] [pid]\n" + `
A clone of top.

positional arguments:
  pid                   only this process

options:
  -h, --help            show this help message and exit
  -n, --interval INTERVAL
                        seconds between updates (default: 1)
  -s, --sort {cpu,mem}  sort key (default: cpu)
  --max-lines MAX_LINES
                        stop after this many lines
  -a, --all             show all processes
  -v` + "\t0"},
	}, defaultState)
}

func TestArgparsePositionals(t *testing.T) {
	const parser = `
local function list(t) return type(t) == "table" and "{" .. table.concat(t, ",") .. "}" or tostring(t) end
local p = argparse.new{prog = "cp", add_help = false}
p:positional{"src", nargs = "+"}
p:positional{"dst"}
p:option{"--mode", required = true}
`
	runCases(t, []luaCase{
		{name: "plus then one", chunk: parser + `local a = p:parse({"a", "b", "c", "--mode", "x"}) return list(a.src), a.dst, a.mode`, want: "{a,b}\tc\tx"},
		{name: "required option and positionals missing", chunk: parser + `local _, msg = p:parse({}) return msg`,
			want: "usage: cp --mode MODE src [src ...] dst\ncp: error: the following arguments are required: --mode, src, dst"},
		{name: "one positional short", chunk: parser + `local _, msg = p:parse({"a", "--mode=x"}) return msg:match("error: .*")`,
			want: "error: the following arguments are required: dst"},
		{name: "star and question", chunk: `
local p = argparse.new{prog = "x"}
p:positional{"first", nargs = "?", default = "d"}
p:positional{"rest", nargs = "*", type = "number"}
local a = p:parse({})
local b = p:parse({"f", "1", "2"})
return a.first, #a.rest, b.first, b.rest[1] + b.rest[2]`, want: "d\t0\tf\t3"},
		{name: "custom type", chunk: `
local p = argparse.new{prog = "x"}
p:positional{"size", type = function(s) local n = s:match("^(%d+)K$") if n then return n * 1024 end return nil, "not a size: " .. s end}
local a = p:parse({"4K"})
local _, msg = p:parse({"4M"})
return a.size, msg:match("error: .*")`, want: "4096\terror: argument size: not a size: 4M"},
		{name: "negative number positional", chunk: `
local p = argparse.new{prog = "x"}
p:positional{"n", type = "number"}
return p:parse({"-5"}).n`, want: "-5"},
		{name: "prog from arg[0]", chunk: `arg = {[0] = "/usr/share/psulua/free.lua"} return argparse.new():usage()`, want: "usage: free.lua [-h]"},
	}, defaultState)
}

func TestArgparseDeclarationErrors(t *testing.T) {
	runCases(t, []luaCase{
		{name: "dot instead of colon", chunk: `local p = argparse.new() p.flag{"-a"}`, err: "argparse: call flag with a colon: p:flag{...}"},
		{name: "name without dash", chunk: `argparse.new():option{"interval"}`, err: "p:option: option names start with - or --, got 'interval'"},
		{name: "no name", chunk: `argparse.new():flag{help = "x"}`, err: "p:flag: give at least one name"},
		{name: "conflict", chunk: `argparse.new():flag{"-h"}`, err: "p:flag: conflicting option string -h"},
		{name: "long short option", chunk: `argparse.new():flag{"-ab"}`, err: "a short option is one letter"},
		{name: "unknown type", chunk: `argparse.new():option{"-n", type = "float"}`, err: "p:option: unknown type 'float'"},
		{name: "bad nargs", chunk: `argparse.new():positional{"x", nargs = 2}`, err: `p:positional: nargs is "?", "*" or "+", got '2'`},
		{name: "positional with a dash", chunk: `argparse.new():positional{"-x"}`, err: "p:positional: give the name first"},
		{name: "parse needs a table", chunk: `argparse.new():parse("x")`, err: "p:parse: expected the argument list"},
		{name: "error points at the caller", chunk: "\n\nargparse.new():option{\"x\"}", err: "<string>:3:"},
	}, defaultState)
}
