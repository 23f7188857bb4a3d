package stdlib

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// tuplePrelude builds tables shaped as bindings/tuple.go builds psutil's
// named tuples: values by position, names served by the metatable, which
// holds _fields (bindings.TupleFields) and is protected.
const tuplePrelude = `
local function tuple(fields, values)
	local t, pos = {}, {}
	for i, f in ipairs(fields) do t[i] = values[f]; pos[f] = i end
	return setmetatable(t, {
		_fields = fields,
		__index = function(t, k) if k == "_fields" then return fields end return rawget(t, pos[k]) end,
		__metatable = "protected",
	})
end
`

func TestJSONEncode(t *testing.T) {
	runCases(t, []luaCase{
		{name: "nil", chunk: `return json.encode(nil)`, want: "null"},
		{name: "null sentinel", chunk: `return json.encode(json.null), tostring(json.null)`, want: "null\tnull"},
		{name: "booleans", chunk: `return json.encode({true, false})`, want: "[true,false]"},
		{name: "integers without .0", chunk: `return json.encode({0, -3, 25276026880, 2^53})`, want: "[0,-3,25276026880,9007199254740992]"},
		{name: "floats shortest", chunk: `return json.encode({1.5, 0.1, 1/3, 1e-7, 1e300})`, want: "[1.5,0.1,0.3333333333333333,1e-07,1e+300]"},
		{name: "infinity", chunk: `return json.encode({x = {1/0}})`, err: "json.encode: non-finite number inf at $.x[1]"},
		{name: "nan", chunk: `return json.encode(0/0)`, err: "json.encode: non-finite number nan at $"},
		{name: "string escapes", chunk: `return json.encode("a\"b\\c\n\t\r\1\127/")`, want: `"a\"b\\c\n\t\r\u0001` + "\x7f" + `/"`},
		{name: "utf-8 passes through", chunk: `return json.encode("héllo ✓")`, want: `"héllo ✓"`},
		{name: "invalid utf-8 replaced", chunk: `return json.encode("a\255b")`, want: `"a\ufffdb"`},
		{name: "sequence", chunk: `return json.encode({1, "two", {3}})`, want: `[1,"two",[3]]`},
		{name: "empty table is an array", chunk: `return json.encode({})`, want: `[]`},
		{name: "object sorted keys", chunk: `return json.encode({b = 1, a = 2, c = {d = true}})`, want: `{"a":2,"b":1,"c":{"d":true}}`},
		{name: "mixed table is an object", chunk: `return json.encode({10, 20, n = 2})`, want: `{"1":10,"2":20,"n":2}`},
		{name: "array with a hole is an object", chunk: `return json.encode({[1] = "a", [3] = "c"})`, want: `{"1":"a","3":"c"}`},
		{name: "float key", chunk: `return json.encode({[1.5] = true})`, want: `{"1.5":true}`},
		{name: "duplicate key after conversion", chunk: `return json.encode({[1] = 1, ["1"] = 2, x = 3})`, err: `duplicate key "1"`},
		{name: "boolean key", chunk: `return json.encode({[true] = 1})`, err: "json.encode: unsupported key of type boolean at $"},
		{name: "json.object forces {}", chunk: `return json.encode({a = json.object(), b = json.object({})})`, want: `{"a":{},"b":{}}`},
		{name: "json.object with integer keys", chunk: `return json.encode(json.object({"x", "y"}))`, want: `{"1":"x","2":"y"}`},
		{name: "json.array forces []", chunk: `return json.encode(json.array())`, want: `[]`},
		{name: "json.array fills holes with null", chunk: `return json.encode(json.array({1, nil, 3}))`, want: `[1,null,3]`},
		{name: "json.array rejects names", chunk: `return json.encode(json.array({1, x = 2}))`, err: `json.array table has the non-index key "x" at $`},
		{name: "json.array too sparse", chunk: `return json.encode(json.array({[1000] = 1}))`, err: "too sparse"},
		{name: "json.object returns its table", chunk: `local t = {} return json.object(t) == t`, want: "true"},
		{name: "json.object refuses a foreign metatable", chunk: `return json.object(setmetatable({}, {}))`, err: "already has a metatable"},
		{name: "named tuple fields in order", chunk: tuplePrelude + `
			return json.encode(tuple({"total", "available", "percent"}, {total = 100, available = 40, percent = 60.5}))`,
			want: `{"total":100,"available":40,"percent":60.5}`},
		{name: "named tuple None is null", chunk: tuplePrelude + `
			return json.encode(tuple({"current", "min", "max"}, {current = 2400}))`,
			want: `{"current":2400,"min":null,"max":null}`},
		{name: "nested tuple and empty tuple", chunk: tuplePrelude + `
			local addr = tuple({"ip", "port"}, {ip = "127.0.0.1", port = 22})
			return json.encode({tuple({"laddr", "raddr"}, {laddr = addr, raddr = tuple({}, {})})})`,
			want: `[{"laddr":{"ip":"127.0.0.1","port":22},"raddr":{}}]`},
		{name: "function", chunk: `return json.encode({a = {print}})`, err: "json.encode: unsupported value of type function at $.a[1]"},
		{name: "coroutine", chunk: `return json.encode(coroutine.create(print))`, err: "unsupported value of type thread at $"},
		{name: "cycle", chunk: `local t = {a = {}} t.a.b = t return json.encode(t)`, err: "json.encode: cycle detected at $.a.b"},
		{name: "too deep", chunk: `local t = {} local r = t for i = 1, 2000 do t[1] = {} t = t[1] end return json.encode(r)`, err: "nesting deeper than 1000 at $[1][1]"},
		{name: "shared table is not a cycle", chunk: `local s = {1} return json.encode({s, s})`, want: `[[1],[1]]`},
		{name: "odd key in path", chunk: `return json.encode({["a b"] = print})`, err: `at $["a b"]`},
		{name: "userdata with as_dict", chunk: `
			local ud = newproc()
			return json.encode({proc = ud})`, want: `{"proc":{"name":"init","pid":1}}`},
		{name: "as_dict error propagates", chunk: `return json.encode(badproc())`, err: "psutil.NoSuchProcess"},
		{name: "userdata without as_dict", chunk: `return json.encode(newproxy and newproxy() or io.stdout)`, err: "unsupported value of type userdata at $"},
		{name: "indent", chunk: `return json.encode({a = {1, 2}, b = {}, c = json.object()}, {indent = 2})`,
			want: "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": [],\n  \"c\": {}\n}"},
		{name: "indent string", chunk: `return json.encode({1}, {indent = "\t"})`, want: "[\n\t1\n]"},
		{name: "indent zero", chunk: `return json.encode({1}, {indent = 0})`, want: "[\n1\n]"},
		{name: "unknown option", chunk: `return json.encode({}, {indnet = 2})`, err: `unknown option "indnet"`},
		{name: "bad indent", chunk: `return json.encode({}, {indent = -1})`, err: "indent must be an integer"},
	}, procState)
}

// procState adds newproc() and badproc(): userdata shaped as
// psutil.Process (a metatable with an __index function serving as_dict).
func procState(t *testing.T) *lua.LState {
	L := defaultState(t)
	mk := func(asDict lua.LGFunction) lua.LGFunction {
		return func(L *lua.LState) int {
			ud := L.NewUserData()
			mt := L.NewTable()
			mt.RawSetString("__metatable", lua.LString("protected"))
			mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
				if L.CheckString(2) == "as_dict" {
					L.Push(L.NewFunction(asDict))
					return 1
				}
				return 0
			}))
			ud.Metatable = mt
			L.Push(ud)
			return 1
		}
	}
	L.SetGlobal("newproc", L.NewFunction(mk(func(L *lua.LState) int {
		t := L.NewTable()
		t.RawSetString("pid", lua.LNumber(1))
		t.RawSetString("name", lua.LString("init"))
		L.Push(t)
		return 1
	})))
	L.SetGlobal("badproc", L.NewFunction(mk(func(L *lua.LState) int {
		L.RaiseError("psutil.NoSuchProcess: process no longer exists (pid=42)")
		return 0
	})))
	return L
}

func TestJSONDecode(t *testing.T) {
	runCases(t, []luaCase{
		{name: "scalars", chunk: `return json.decode("1.5"), json.decode("true"), json.decode('"a\\u00e9\\n"')`, want: "1.5\ttrue\taé\n"},
		{name: "null is json.null", chunk: `return json.decode("null") == json.null`, want: "true"},
		{name: "array keeps nulls", chunk: `local a = json.decode("[1, null, 3]") return #a, a[2] == json.null, a[3]`, want: "3\ttrue\t3"},
		{name: "object", chunk: `local o = json.decode('{"a": {"b": [1, 2]}, "1": "x"}') return o.a.b[2], o["1"], o[1]`, want: "2\tx\tnil"},
		{name: "round trip", chunk: `return json.encode(json.decode('{"a":[1,2.5,"x",true,null],"b":{},"c":[]}'))`, want: `{"a":[1,2.5,"x",true,null],"b":{},"c":[]}`},
		{name: "big integer", chunk: `return json.decode("25276026880")`, want: "25276026880"},
		{name: "syntax error position", chunk: `return json.decode('{"a": 1,\n  "b": x}')`, err: "json.decode: invalid character 'x' looking for beginning of value at line 2, column 8"},
		{name: "unexpected end", chunk: `return json.decode('[1, 2')`, err: "json.decode: unexpected end of input at line 1, column 6"},
		{name: "trailing data", chunk: `return json.decode('[1] [2]')`, err: "json.decode: invalid character '[' after top-level value at line 1, column 5"},
		{name: "empty input", chunk: `return json.decode('')`, err: "json.decode: unexpected end of input at line 1, column 1"},
		{name: "number out of range", chunk: `return json.decode('[1e999]')`, err: "json.decode: number 1e999 out of range"},
		// A number is refused past 4,300 characters, before it is converted
		// (one of 120 MB took 3.7 s, and its message quoted it whole).
		{name: "number too long", chunk: `return json.decode('[1,\n ' .. ("9"):rep(4301) .. ']')`, err: "json.decode: number of 4301 characters exceeds the limit (4300) at line 2, column 2"},
		{name: "long number out of range", chunk: `return json.decode(("9"):rep(4300))`, err: "json.decode: number " + strings.Repeat("9", 193) + "... out of range"},
		{name: "not a string", chunk: `return json.decode({})`, err: "bad argument #1 to decode"},
	}, defaultState)
}

// BenchmarkJSONEncode encodes a process listing's worth of tables and
// named tuples.
func BenchmarkJSONEncode(b *testing.B) {
	L := lua.NewState()
	defer L.Close()
	Preload(L, Options{})
	err := L.DoString(tuplePrelude + `
		json = require("json")
		procs = {}
		for i = 1, 500 do
			procs[i] = {pid = i, name = "proc" .. i, cmdline = {"/usr/bin/x", "--flag"},
				memory_info = tuple({"rss", "vms"}, {rss = i * 4096, vms = i * 8192}), cpu_percent = i / 7}
		end`)
	if err != nil {
		b.Fatal(err)
	}
	enc := L.GetField(L.GetGlobal("json"), "encode")
	procs := L.GetGlobal("procs")
	b.ReportAllocs()
	for b.Loop() {
		L.Push(enc)
		L.Push(procs)
		L.Call(1, 1)
		L.Pop(1)
	}
}

// jsonScan counts the places a value may start, outside strings, and
// finds the longest number.
func TestJSONScan(t *testing.T) {
	for s, want := range map[string][3]int{
		`0`:                        {1, 1, 0},
		`[0,0,0]`:                  {4, 1, 1},
		`{"a":1,"b":[2,3]}`:        {7, 1, 5},
		`"a,b:[{\"x,y"`:            {1, 0, 0},
		`["\\",1]`:                 {3, 1, 6},
		`[[],[],{}]`:               {7, 0, 0},
		`[1, -12.5e+10, "123456"]`: {4, 9, 4},
	} {
		values, longest, at := jsonScan(s)
		if got := [3]int{values, longest, at}; got != want {
			t.Errorf("jsonScan(%s) = %v, want %v", s, got, want)
		}
	}
}

// TestJSONEncodeLongStrings: a long string is quoted a piece at a time
// (the time limit is looked at between pieces, and the result grown for
// the next): the pieces join into what encoding/json writes, characters
// of two and four bytes, escapes and invalid bytes falling across their
// ends; once the context is done, encoding stops with its error.
func TestJSONEncodeLongStrings(t *testing.T) {
	unit := "ab\u00e9\x00\n\"\\\xff\U0001F600c" // 17 bytes: pieces end anywhere in it
	long := strings.Repeat(unit, 3*jsonStringChunk/len(unit)+5)
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(long); err != nil {
		t.Fatal(err)
	}
	L := defaultState(t)
	L.SetGlobal("long", lua.LString(long))
	got, err := eval(L, `return require("json").encode(long)`)
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.TrimSuffix(want.String(), "\n"); got != w {
		t.Errorf("json.encode of %d bytes gives %d bytes, not encoding/json's %d", len(long), len(got), len(w))
	}
	// Called from Go: no instruction of Lua looks at the context first.
	encode := L.GetField(L.GetField(L.Get(lua.RegistryIndex), "_LOADED"), "json").(*lua.LTable).RawGetString("encode")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	if err := L.CallByParam(lua.P{Fn: encode, NRet: 1, Protect: true}, lua.LString(long)); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("json.encode after the context was done: error %v, want the context's", err)
	}
}

// TestJSONEncodeManyKeysStops: an object's keys are gathered and sorted
// looking at the time limit as they go (two million took 2 s in one
// call before the first look).
func TestJSONEncodeManyKeysStops(t *testing.T) {
	L := defaultState(t)
	if _, err := eval(L, `return require("json") ~= nil`); err != nil {
		t.Fatal(err)
	}
	tbl := L.CreateTable(2e6, 1)
	for i := 1; i <= 2e6; i++ {
		tbl.RawSetInt(i, lua.LTrue)
	}
	tbl.RawSetString("x", lua.LTrue) // an object, not an array
	encodeStops(t, L, tbl)
}

// TestJSONEncodeSlowAsDictStops: a userdata's as_dict may be a Go
// function that runs no instruction; encoding looks at the time limit
// before each (200 calls of 20 ms took 4 s after the context was done).
func TestJSONEncodeSlowAsDictStops(t *testing.T) {
	L := defaultState(t)
	if _, err := eval(L, `return require("json") ~= nil`); err != nil {
		t.Fatal(err)
	}
	index := L.NewTable()
	index.RawSetString("as_dict", L.NewFunction(func(L *lua.LState) int {
		time.Sleep(20 * time.Millisecond)
		L.Push(L.NewTable())
		return 1
	}))
	list := L.NewTable()
	for i := 1; i <= 200; i++ {
		u := L.NewUserData()
		mt := L.NewTable()
		mt.RawSetString("__index", index)
		u.Metatable = mt
		list.RawSetInt(i, u)
	}
	encodeStops(t, L, list)
}

// encodeStops calls json.encode(v) from Go once L's context is done (no
// instruction of Lua looks at it first): it must stop with the context's
// error within half a second.
func encodeStops(t *testing.T, L *lua.LState, v lua.LValue) {
	t.Helper()
	encode := L.GetField(L.GetField(L.Get(lua.RegistryIndex), "_LOADED"), "json").(*lua.LTable).RawGetString("encode")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	L.SetContext(ctx)
	start := time.Now()
	if err := L.CallByParam(lua.P{Fn: encode, NRet: 1, Protect: true}, v); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("json.encode after the context was done: error %v, want the context's", err)
	}
	if took := time.Since(start); took > 500*time.Millisecond {
		t.Errorf("json.encode stopped %v after the context was done", took)
	}
}

// TestJSONErrorPathCut: the path of an error quotes each key cut to 200
// bytes (each key of ten levels of 1 MB was quoted whole, 4 MB each).
func TestJSONErrorPathCut(t *testing.T) {
	L := defaultState(t)
	_, err := eval(L, `local k = ("\127"):rep(2^20) local t = {[k] = print} for i = 1, 10 do t = {[k] = t} end return require("json").encode(t)`)
	if err == nil || !strings.Contains(err.Error(), `json.encode: unsupported value of type function at $["\x7f\x7f`) || len(err.Error()) > 20000 {
		t.Errorf("error of %d bytes: %.300v", len(fmt.Sprint(err)), err)
	}
}

// TestJSONStringGrowsAheadOfItsPieces: appendJSONString asks grow for the
// room of each piece before writing it, so that append never copies the
// result itself: a megabyte of ASCII then a megabyte of control
// characters (6 bytes each) is the worst case.
func TestJSONStringGrowsAheadOfItsPieces(t *testing.T) {
	s := strings.Repeat("a", jsonStringChunk) + strings.Repeat("\x01", jsonStringChunk) + "a"
	var b []byte
	granted := -1 // cap(b) as grow left it
	grow := func(b []byte, room int) []byte {
		if granted >= 0 && cap(b) != granted {
			t.Errorf("the result was reallocated between grows (cap %d, grown to %d)", cap(b), granted)
		}
		if room > cap(b)-len(b) {
			b = append(make([]byte, 0, len(b)+room), b...)
		}
		granted = cap(b)
		return b
	}
	b = grow(b, 6*jsonStringChunk) // as the encoder's first look does
	b = appendJSONString(b, s, grow)
	if cap(b) != granted {
		t.Errorf("the result was reallocated after the last grow")
	}
	if want := 2 + jsonStringChunk + 6*jsonStringChunk + 1; len(b) != want {
		t.Errorf("%d bytes, want %d", len(b), want)
	}
}

// TestJSONLongIndent: an indent string of any length is written once per
// level, closing brackets included, where no value is looked at: its
// size is asked for, and the time limit looked at, first. (The innermost
// value's as_dict cancels the context, as a deadline would.)
func TestJSONLongIndent(t *testing.T) {
	L := defaultState(t)
	if _, err := eval(L, `return require("json") ~= nil`); err != nil {
		t.Fatal(err)
	}
	encode := L.GetField(L.GetField(L.Get(lua.RegistryIndex), "_LOADED"), "json").(*lua.LTable).RawGetString("encode")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	L.SetContext(ctx)
	methods := L.NewTable()
	methods.RawSetString("as_dict", L.NewFunction(func(L *lua.LState) int {
		cancel()
		L.Push(L.NewTable())
		return 1
	}))
	mt := L.NewTable()
	mt.RawSetString("__index", methods)
	ud := L.NewUserData()
	ud.Metatable = mt
	var v lua.LValue = ud
	for range 4 {
		outer := L.NewTable()
		outer.Append(v)
		v = outer
	}
	opts := L.NewTable()
	opts.RawSetString("indent", lua.LString(strings.Repeat(" ", 128<<10)))
	if err := L.CallByParam(lua.P{Fn: encode, NRet: 1, Protect: true}, v, opts); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Errorf("json.encode closing four levels indented by 128 KiB after the context was done: error %v, want the context's", err)
	}
}
