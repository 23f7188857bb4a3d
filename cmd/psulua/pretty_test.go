package main

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

// evalValue runs `return <expr>` in L and returns the value.
func evalValue(t *testing.T, L *lua.LState, expr string) lua.LValue {
	t.Helper()
	if err := L.DoString("return " + expr); err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	v := L.Get(-1)
	L.Pop(1)
	return v
}

// tupleLib defines tuple(name, fields, values...), a named tuple as the
// bindings make them: fields by name and position, _fields, and the repr
// through __tostring.
const tupleLib = `
function tuple(name, fields, ...)
  local t = {...}
  for i, f in ipairs(fields) do t[f] = t[i] end
  return setmetatable(t, {
    __index = {_fields = fields},
    __tostring = function(t)
      local parts = {}
      for i, f in ipairs(fields) do parts[i] = f .. "=" .. tostring(t[i]) end
      return name .. "(" .. table.concat(parts, ", ") .. ")"
    end,
  })
end
`

func TestPrinter(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	if err := L.DoString(tupleLib); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name  string
		expr  string
		width int
		want  string
	}{
		{name: "number", expr: "2", want: "2"},
		{name: "float", expr: "1.5", want: "1.5"},
		{name: "nil", expr: "nil", want: "nil"},
		{name: "boolean", expr: "true", want: "true"},
		{name: "string is quoted", expr: `"/proc"`, want: `"/proc"`},
		{name: "string escapes", expr: `"a\"b\\c\n\t\0" .. "1\127é"`, want: `"a\"b\\c\n\t\0001\127é"`},
		{name: "invalid UTF-8", expr: `"\255x"`, want: `"\255x"`},
		{name: "empty table", expr: "{}", want: "{}"},
		{name: "list", expr: "{1, 2, 3}", want: "{1, 2, 3}"},
		{name: "keys sorted, identifiers bare", expr: `{b = 1, a = 2, ["not an id"] = 3, ["end"] = 4, [10] = 5, [true] = 6}`,
			want: `{[10] = 5, a = 2, b = 1, ["end"] = 4, ["not an id"] = 3, [true] = 6}`},
		{name: "list part then the rest", expr: `{"x", "y", n = 2, [4] = "z"}`, want: `{"x", "y", [4] = "z", n = 2}`},
		{name: "nested", expr: `{a = {b = {c = {}}}}`, want: `{a = {b = {c = {}}}}`},
		{name: "named tuple", expr: `tuple("scputimes", {"user", "system"}, 1.5, 2)`, want: "scputimes(user=1.5, system=2)"},
		{name: "a list of named tuples, one per line",
			expr: `{tuple("sdiskpart", {"device"}, "/dev/sda1"), tuple("sdiskpart", {"device"}, "/dev/sda2")}`,
			want: "{\n  sdiskpart(device=/dev/sda1),\n  sdiskpart(device=/dev/sda2)\n}"},
		{name: "a dict of named tuples, one per line",
			expr: `{lo = tuple("snetio", {"bytes_sent"}, 1), eth0 = tuple("snetio", {"bytes_sent"}, 2)}`,
			want: "{\n  eth0 = snetio(bytes_sent=2),\n  lo = snetio(bytes_sent=1)\n}"},
		{name: "a single named tuple in a table fits on a line",
			expr: `{tuple("shwtemp", {"current"}, 40)}`, want: "{shwtemp(current=40)}"},
		{name: "long tables fold", width: 30,
			expr: `{name = "a fairly long string", list = {1, 2, 3}, nested = {x = "another long string value"}}`,
			want: "{\n  list = {1, 2, 3},\n  name = \"a fairly long string\",\n  nested = {\n    x = \"another long string value\"\n  }\n}"},
		{name: "error value by its tostring",
			expr: `setmetatable({pid = 1}, {__tostring = function() return "psutil.NoSuchProcess: process no longer exists (pid=1)" end})`,
			want: "psutil.NoSuchProcess: process no longer exists (pid=1)"},
		{name: "failing __tostring", expr: `setmetatable({}, {__tostring = function() error("nope", 0) end})`,
			want: "<table: __tostring failed: nope>"},
		{name: "metatable without __tostring prints the fields", expr: `setmetatable({x = 1}, {__index = {y = 2}})`, want: "{x = 1}"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			width := c.width
			if width == 0 {
				width = 80
			}
			if got := newPrinter(L, width).format(evalValue(t, L, c.expr)); got != c.want {
				t.Errorf("%s\n got: %s\nwant: %s", c.expr, got, c.want)
			}
		})
	}
}

func TestPrinterLimits(t *testing.T) {
	L := lua.NewState()
	defer L.Close()

	cycle := evalValue(t, L, "(function() local t = {name = 'loop'} t.self = t return t end)()")
	if got := newPrinter(L, 80).format(cycle); !strings.HasPrefix(got, "{name = \"loop\", self = <cycle: table: ") {
		t.Errorf("cycle: %s", got)
	}

	deep := evalValue(t, L, "{{{{{{{{{{{1}}}}}}}}}}}")
	if got := newPrinter(L, 80).format(deep); got != "{{{{{{{{{...}}}}}}}}}" && got != "{{{{{{{{{...}}}}}}}}" {
		t.Errorf("deep: %s", got)
	}

	long := evalValue(t, L, "(function() local t = {} for i = 1, 250 do t[i] = i end return t end)()")
	got := newPrinter(L, 80).format(long)
	lines := strings.Split(got, "\n")
	if len(lines) != 203 || lines[1] != "  1," || lines[200] != "  200," || lines[201] != "  -- 50 more entries" || lines[202] != "}" {
		t.Errorf("long table: %d lines, %q", len(lines), lines[len(lines)-3:])
	}
}

func TestIsIdentifier(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "_x1": true, "1x": false, "": false, "end": false, "a-b": false, "ünï": false} {
		if got := isIdentifier(s); got != want {
			t.Errorf("isIdentifier(%q) = %v", s, got)
		}
	}
}
