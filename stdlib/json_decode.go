package stdlib

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

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
	// made 1.3 GB in 10 s).
	lua51.CheckGrowth(L, "json.decode", len(s)+jsonValueBytes*jsonValues(s))
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		L.RaiseError("json.decode: %s", decodeError(s, err))
	}
	d := jsonDecoder{L: L, null: jsonNull(L), object: jsonMarker(L, jsonObjectKey)}
	L.Push(d.value(v))
	return 1
}

// jsonValueBytes is about what a decoded value costs at most, in Go's
// value on the way and in the Lua table that holds it.
const jsonValueBytes = 96

// jsonValues is about how many values s holds: its commas, colons and
// opening brackets outside strings, plus one.
func jsonValues(s string) int {
	n, inString := 1, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			inString = true
		case c == ',' || c == ':' || c == '[' || c == '{':
			n++
		}
	}
	return n
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
		msg, off = typ.Value+" out of range", typ.Offset
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
	before := s[:off-1]
	line := strings.Count(before, "\n") + 1
	col := len(before) - strings.LastIndexByte(before, '\n')
	return fmt.Sprintf("%s at line %d, column %d", msg, line, col)
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
