package stdlib

import (
	"bytes"
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// prelude makes every module a local of the chunk under test.
const prelude = `local argparse, humanize, json, term, time = require("argparse"), require("humanize"), require("json"), require("term"), require("time") `

// luaCase is a Lua chunk whose results, joined by tabs, must equal want,
// or which must raise an error containing err.
type luaCase struct {
	name  string
	chunk string
	want  string
	err   string
}

func newState(t *testing.T, opts Options) *lua.LState {
	t.Helper()
	L := lua.NewState()
	t.Cleanup(L.Close)
	if opts.Stdout == nil {
		opts.Stdout = &bytes.Buffer{}
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	Preload(L, opts)
	return L
}

// eval runs chunk with the prelude and returns its results as text.
func eval(L *lua.LState, chunk string) (string, error) {
	top := L.GetTop()
	defer L.SetTop(top)
	if err := L.DoString(prelude + chunk); err != nil {
		return "", err
	}
	var out []string
	for i := top + 1; i <= L.GetTop(); i++ {
		v := L.Get(i)
		if n, ok := v.(lua.LNumber); ok {
			out = append(out, luaNumber(float64(n)))
		} else {
			out = append(out, L.ToStringMeta(v).String())
		}
	}
	return strings.Join(out, "\t"), nil
}

func runCases(t *testing.T, cases []luaCase, state func(t *testing.T) *lua.LState) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			L := state(t)
			got, err := eval(L, c.chunk)
			switch {
			case c.err != "" && err == nil:
				t.Fatalf("%s\n got %q, want an error containing %q", c.chunk, got, c.err)
			case c.err != "" && !strings.Contains(err.Error(), c.err):
				t.Fatalf("%s\n error %q, want it to contain %q", c.chunk, err, c.err)
			case c.err == "" && err != nil:
				t.Fatalf("%s\n error: %v", c.chunk, err)
			case c.err == "" && got != c.want:
				t.Fatalf("%s\n got  %q\n want %q", c.chunk, got, c.want)
			}
		})
	}
}

func defaultState(t *testing.T) *lua.LState { return newState(t, Options{}) }

func TestPreloadRegistersEveryModule(t *testing.T) {
	L := defaultState(t)
	for _, name := range Modules {
		if err := L.DoString(`assert(type(require("` + name + `")) == "table")`); err != nil {
			t.Errorf("require(%q): %v", name, err)
		}
	}
	if L.GetGlobal("json") != lua.LNil {
		t.Errorf("Preload set a global")
	}
}
