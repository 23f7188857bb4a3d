package stdlib

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// jsonDecode is json.decode(s): objects become string-keyed tables (an
// empty object is marked with json.object so it encodes back as {}),
// arrays sequences, null json.null (so arrays keep their length), numbers
// Lua numbers. Invalid input raises an error naming line and column.
func jsonDecode(L *lua.LState) int {
	s := L.CheckString(1)
	// Decoding is one Go call: the values it makes must fit what the
	// run's memory limit leaves before it starts ("[0,0,...]" of 60 MB
	// made 1.3 GB in 10 s), the strings' copies among them, and a number
	// is refused past jsonMaxNumber characters, which Go converts in time
	// in proportion (one of 120 MB took 3.7 s).
	values, number, at := jsonScan(s)
	if number > jsonMaxNumber {
		line, col := lineColumn(s, at)
		L.RaiseError("json.decode: number of %d characters exceeds the limit (%d) at line %d, column %d", number, jsonMaxNumber, line, col)
	}
	lua51.CheckGrowth(L, "json.decode", 2*len(s)+jsonValueBytes*values)
	var v any
	// encoding/json only reads its input: no copy of it.
	if err := json.Unmarshal(unsafe.Slice(unsafe.StringData(s), len(s)), &v); err != nil {
		L.RaiseError("json.decode: %s", decodeError(s, err))
	}
	d := jsonDecoder{L: L, null: jsonNull(L), object: jsonMarker(L, jsonObjectKey)}
	L.Push(d.value(v))
	return 1
}

// jsonValueBytes is about what a decoded value costs at most, in Go's
// value on the way and in the Lua table that holds it.
const jsonValueBytes = 96

// jsonMaxNumber is the longest number json.decode converts, the digits
// Python's int() converts at most (sys.get_int_max_str_digits), which
// its json.loads refuses past.
const jsonMaxNumber = 4300

// jsonScan is about how many values s holds (its commas, colons and
// opening brackets outside strings, plus one), and the length and offset
// of its longest run of number characters outside strings.
func jsonScan(s string) (values, longest, at int) {
	values, inString, run := 1, false, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !inString && (c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E') {
			if run++; run > longest {
				longest, at = run, i+1-run
			}
			continue
		}
		run = 0
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ',' || c == ':' || c == '[' || c == '{':
			values++
		}
	}
	return values, longest, at
}

// decodeError rewrites encoding/json's error with the position as a line
// and column of s.
func decodeError(s string, err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var msg string
	var off int64
	switch {
	case errors.As(err, &syn):
		msg, off = syn.Error(), syn.Offset
		if msg == "unexpected end of JSON input" {
			msg, off = "unexpected end of input", int64(len(s))+1
		}
	case errors.As(err, &typ):
		msg, off = lua51.Shown(typ.Value)+" out of range", typ.Offset
	default:
		return strings.TrimPrefix(err.Error(), "json: ")
	}
	// Offset counts the bytes read including the offending one.
	if off < 1 {
		off = 1
	}
	if off > int64(len(s))+1 {
		off = int64(len(s)) + 1
	}
	line, col := lineColumn(s, int(off-1))
	return fmt.Sprintf("%s at line %d, column %d", msg, line, col)
}

// lineColumn is the line and column of s's byte at offset, from 1.
func lineColumn(s string, offset int) (line, col int) {
	before := s[:offset]
	return strings.Count(before, "\n") + 1, len(before) - strings.LastIndexByte(before, '\n')
}

type jsonDecoder struct {
	L      *lua.LState
	null   lua.LValue
	object *lua.LTable
	values int
}

func (d *jsonDecoder) value(v any) lua.LValue {
	if d.values++; d.values%jsonCheckEvery == 0 {
		lua51.CheckGrowth(d.L, "json.decode", 0) // the time limit
	}
	switch v := v.(type) {
	case nil:
		return d.null
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []any:
		t := d.L.CreateTable(len(v), 0)
		for i, x := range v {
			t.RawSetInt(i+1, d.value(x))
		}
		return t
	case map[string]any:
		t := d.L.CreateTable(0, len(v))
		for k, x := range v {
			t.RawSetString(k, d.value(x))
		}
		if len(v) == 0 {
			t.Metatable = d.object
		}
		return t
	}
	panic(fmt.Sprintf("json.decode: unexpected %T", v))
}
