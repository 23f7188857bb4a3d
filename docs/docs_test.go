package docs_test

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/docs"
	"github.com/psulua/psulua/engine"
	"github.com/psulua/psulua/platform"
	"github.com/psulua/psulua/stdlib"
)

// newHost is a host as psulua's REPL has it: psutil a global, help and dir.
func newHost(t *testing.T, out *bytes.Buffer) *engine.Host {
	t.Helper()
	h := engine.New(engine.Options{Stdout: out, Timeout: 20 * time.Second})
	t.Cleanup(h.Close)
	bindings.OpenHelp(h.L, out, "overview")
	if err := h.RunString(context.Background(), `psutil = require("psutil")`); err != nil {
		t.Fatal(err)
	}
	return h
}

// notRun are the blocks fenced "```lua -- not run: reason": they cannot
// run on Linux. A new one must be added here, so none is skipped unseen.
var notRun = map[string]int{
	"lua-api.md":  6, // Windows only: win_service_*, num_handles, IOPRIO_*, *_PRIORITY_CLASS
	"exporter.md": 1, // needs psulua-exporter's metrics module
}

// TestCodeBlocks runs every ```lua block of docs/*.md, each in a fresh
// host, and fails on an error.
func TestCodeBlocks(t *testing.T) {
	files, err := filepath.Glob("*.md")
	if err != nil || len(files) == 0 {
		t.Fatal(files, err)
	}
	skipped := map[string]int{}
	total := 0
	for _, file := range files {
		md, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range docs.LuaBlocks(file, string(md)) {
			if b.NotRun != "" {
				skipped[file]++
				t.Logf("%s:%d not run: %s", b.File, b.Line, b.NotRun)
				continue
			}
			total++
			var out bytes.Buffer
			h := newHost(t, &out)
			if err := h.RunString(context.Background(), b.Code); err != nil {
				t.Errorf("%s:%d: %v\n%s", b.File, b.Line, err, b.Code)
			}
		}
	}
	for file, n := range notRun {
		if skipped[file] != n {
			t.Errorf("%s: %d blocks not run, want %d", file, skipped[file], n)
		}
	}
	for file, n := range skipped {
		if _, ok := notRun[file]; !ok {
			t.Errorf("%s: %d blocks not run, none listed", file, n)
		}
	}
	if total < 150 {
		t.Errorf("only %d blocks ran", total)
	}
}

// TestEmbedded: the embedded files are the committed ones.
func TestEmbedded(t *testing.T) {
	for name, text := range docs.Files {
		disk, err := os.ReadFile(name)
		if err != nil || string(disk) != text {
			t.Errorf("%s: embedded copy differs from the file (%v)", name, err)
		}
	}
}

// documented reports whether name has an entry of its own: a heading
// names it, or a group heading matches it ("psutil.CONN_*").
func documented(name string) bool {
	e, _ := docs.Lookup(name)
	if e == nil {
		return false
	}
	for _, n := range e.Names {
		if ok, _ := path.Match(n, name); ok {
			return true
		}
	}
	return false
}

// TestEveryNameHasAnEntry walks the psutil module, the Process methods,
// the named tuples of platform/ntuples.go with their fields, the error
// classes and the stdlib modules: each public name needs its entry.
func TestEveryNameHasAnEntry(t *testing.T) {
	var out bytes.Buffer
	h := newHost(t, &out)
	L := h.L
	modules := append([]string{"psutil"}, stdlib.Modules...)
	for _, modName := range modules {
		if err := h.RunString(context.Background(), `require("`+modName+`")`); err != nil {
			t.Fatal(err)
		}
		mod := L.GetField(L.GetField(L.Get(lua.RegistryIndex), "_LOADED"), modName).(*lua.LTable)
		if !documented(modName) {
			t.Errorf("module %s: no entry", modName)
		}
		mod.ForEach(func(k, v lua.LValue) {
			name := modName + "." + k.String()
			if modName == "signal" && strings.HasPrefix(k.String(), "SIG") || name == "signal.NSIG" {
				return // the numbers, described by the module's entry
			}
			if !documented(name) {
				t.Errorf("%s: no entry", name)
			}
			if ft, ok := v.(*lua.LTable); ok && modName == "psutil" && isCallable(ft) {
				// Callable tables' fields: process_iter.cache_clear.
				ft.ForEach(func(fk, fv lua.LValue) {
					if fv.Type() == lua.LTFunction && !documented(name+"."+fk.String()) {
						t.Errorf("%s.%s: no entry", name, fk)
					}
				})
			}
		})
	}
	if !documented("psutil.PROCFS_PATH") {
		t.Error("psutil.PROCFS_PATH: no entry")
	}

	// The Process methods, by dir() of a Process (its method table) and
	// by platform's attribute list.
	if err := h.RunString(context.Background(), `methods = dir(psutil.Process())`); err != nil {
		t.Fatal(err)
	}
	var methods []string
	L.GetGlobal("methods").(*lua.LTable).ForEach(func(_, v lua.LValue) { methods = append(methods, v.String()) })
	for _, a := range platform.ProcessAttrs() {
		if !slices.Contains(methods, a) {
			t.Errorf("dir(psutil.Process()) lacks %s", a)
		}
	}
	if len(methods) < 40 {
		t.Errorf("dir(psutil.Process()) = %v", methods)
	}
	for _, m := range methods {
		if !documented("Process:" + m) {
			t.Errorf("Process:%s: no entry", m)
		}
	}
	// A Popen's own methods and fields, and its pipes' methods.
	if err := h.RunString(context.Background(), `
		local c = psutil.Popen({"true"}, {stdout = psutil.PIPE})
		popen, pipe = dir(c), dir(c.stdout)
		c:wait()`); err != nil {
		t.Fatal(err)
	}
	popen := L.GetGlobal("popen").(*lua.LTable)
	if popen.Len() <= len(methods) {
		t.Errorf("dir(Popen) has %d names, dir(Process) %d", popen.Len(), len(methods))
	}
	popen.ForEach(func(_, v lua.LValue) {
		m := v.String()
		if slices.Contains(methods, m) {
			return
		}
		if e, _ := docs.Lookup("psutil.Popen"); !documented("Popen:"+m) && (e == nil || !strings.Contains(e.Body, "`"+m+"`")) {
			t.Errorf("Popen:%s: no entry", m)
		}
	})
	pipeEntry, _ := docs.Lookup("psutil.pipe")
	L.GetGlobal("pipe").(*lua.LTable).ForEach(func(_, v lua.LValue) {
		if pipeEntry == nil || !strings.Contains(pipeEntry.Body, "`"+v.String()+"`") {
			t.Errorf("pipe method %s: not in psutil.pipe's entry", v)
		}
	})

	// Every named tuple class, and each of its fields in its entry.
	for class, fields := range tupleClasses(t) {
		e, _ := docs.Lookup(class)
		if e == nil || e.Names[0] != class {
			t.Errorf("named tuple %s: no entry", class)
			continue
		}
		for _, f := range fields {
			if !strings.Contains(e.Body, "`"+f+"`") {
				t.Errorf("named tuple %s: field %s not in its entry", class, f)
			}
		}
	}
}

// isCallable reports whether t is one of psutil's callable tables.
func isCallable(t *lua.LTable) bool {
	mt, ok := t.Metatable.(*lua.LTable)
	return ok && mt.RawGetString("__call") != lua.LNil
}

var (
	structRe    = regexp.MustCompile(`(?s)type (\w+) struct \{(.*?)\n\}`)
	tupleTagRe  = regexp.MustCompile("tuple:\"(\\w+)\"")
	tupleNameRe = regexp.MustCompile(`func \((\w+)\) TupleName\(\) string\s*\{\s*return "(\w+)"`)
)

// tupleClasses reads platform/ntuples.go: each class name with its fields.
func tupleClasses(t *testing.T) map[string][]string {
	src, err := os.ReadFile("../platform/ntuples.go")
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{}
	for _, m := range structRe.FindAllStringSubmatch(string(src), -1) {
		for _, tag := range tupleTagRe.FindAllStringSubmatch(m[2], -1) {
			fields[m[1]] = append(fields[m[1]], tag[1])
		}
	}
	classes := map[string][]string{}
	for _, m := range tupleNameRe.FindAllStringSubmatch(string(src), -1) {
		classes[m[2]] = fields[m[1]]
	}
	if len(classes) < 30 {
		t.Fatalf("found only %d named tuples in platform/ntuples.go", len(classes))
	}
	return classes
}

func TestLookup(t *testing.T) {
	cases := []struct{ name, want string }{
		{"psutil.cpu_percent", "psutil.cpu_percent"},
		{"cpu_percent", "psutil.cpu_percent"},
		{"Process:memory_info", "Process:memory_info"},
		{"Process.memory_info", "Process:memory_info"},
		{"psutil.Process.memory_info", "Process:memory_info"},
		{"p:name", "Process:name"},
		{"memory_info", "Process:memory_info"},
		{"svmem", "svmem"},
		{"CONN_*", "psutil.CONN_*"},
		{"CONN_LISTEN", "psutil.CONN_*"},
		{"psutil.RLIMIT_NOFILE", "psutil.RLIMIT_*"},
		{"ProcessStatus", "psutil.STATUS_*"},
		{"NoSuchProcess", "psutil.NoSuchProcess"},
		{"json", "json"},
		{"json.encode", "json.encode"},
		{"encode", "json.encode"},
		{"argparse:option", "argparse:option"},
		{"term.move", "term.clear"},
		{"help", "help"},
	}
	for _, c := range cases {
		e, _ := docs.Lookup(c.name)
		if e == nil || e.Names[0] != c.want {
			t.Errorf("Lookup(%q) = %v, want %s", c.name, e, c.want)
		}
	}
	if e, _ := docs.Lookup("no_such_thing"); e != nil {
		t.Errorf("Lookup(no_such_thing) = %v", e.Names)
	}
	// cpu_percent is both a function and a method: the function first,
	// the method as see-also.
	if _, others := docs.Lookup("cpu_percent"); len(others) != 0 {
		t.Errorf("cpu_percent: exact psutil. key should win, got others %v", others)
	}
	if e, others := docs.Lookup("name"); e == nil || len(others) == 0 {
		t.Errorf("name: want several entries, got %v %v", e, others)
	}
}

func TestSuggest(t *testing.T) {
	for name, want := range map[string]string{
		"cpu_percnt":    "psutil.cpu_percent",
		"virtual_mem":   "psutil.virtual_memory",
		"memory_inf":    "Process:memory_info",
		"net_conection": "psutil.net_connections",
	} {
		if got := docs.Suggest(name); !slices.Contains(got, want) {
			t.Errorf("Suggest(%q) = %v, want %s among them", name, got, want)
		}
	}
	if got := docs.Suggest("zzzzzzzzzz"); len(got) != 0 {
		t.Errorf("Suggest(zzzzzzzzzz) = %v", got)
	}
}

func TestPlain(t *testing.T) {
	md := "Uses `x` and **bold**, see [psutil-differences.md](psutil-differences.md) and [site](https://psutil.readthedocs.io/).\n\n```lua\nprint(1)\n```"
	want := "Uses x and bold, see psutil-differences.md and site (https://psutil.readthedocs.io/).\n\n    print(1)"
	if got := docs.Plain(md); got != want {
		t.Errorf("Plain:\n%s\nwant:\n%s", got, want)
	}
}

func TestLuaBlocks(t *testing.T) {
	md := "a\n```lua\nprint(1)\n```\n```go\nx\n```\n```lua -- not run: Windows only\nprint(2)\n```\n"
	got := docs.LuaBlocks("f.md", md)
	want := []docs.CodeBlock{
		{File: "f.md", Line: 2, Code: "print(1)\n"},
		{File: "f.md", Line: 8, Code: "print(2)\n", NotRun: "Windows only"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("LuaBlocks = %+v, want %+v", got, want)
	}
}
