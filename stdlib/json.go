package stdlib

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/lua51"
)

// json: encode psulua values to JSON text and decode JSON text.
//
// Encoding rules, in the order they are tried:
//   - nil and json.null are null; booleans, numbers and strings are
//     themselves (integral numbers without ".0"; inf and nan are an error;
//     invalid UTF-8 bytes become U+FFFD, as Go's encoding/json does).
//   - A table made by json.object() is an object, one made by json.array()
//     an array (holes are null).
//   - A psutil named tuple (see bindings.TupleFields) is an object with
//     its fields in order.
//   - A table whose keys are exactly 1..n is an array; the empty table is
//     [] (psutil returns empty lists far more often than empty dicts); any
//     other table is an object with sorted keys, numeric keys written as
//     strings ("1").
//   - A userdata with an as_dict method (psutil.Process) is its as_dict().
//   - Anything else (functions, coroutines, other userdata) and cycles are
//     errors naming the path to the value: "$.cpu[2]".
var jsonFuncs = map[string]lua.LGFunction{
	"encode": jsonEncode,
	"decode": jsonDecode,
	"object": jsonMark(jsonObjectKey, "object"),
	"array":  jsonMark(jsonArrayKey, "array"),
}

// Registry keys of the per-state sentinel and marker metatables.
const (
	jsonNullKey   = "psulua.json.null"
	jsonObjectKey = "psulua.json.object"
	jsonArrayKey  = "psulua.json.array"
)

// maxJSONDepth bounds the nesting json.encode follows: far deeper than any
// psutil value, and it keeps the cycle check (a scan of the open tables)
// cheap.
const maxJSONDepth = 1000

func jsonLoader(L *lua.LState) int {
	mod := L.SetFuncs(L.CreateTable(0, len(jsonFuncs)+1), jsonFuncs)
	mod.RawSetString("null", jsonNull(L))
	L.Push(mod)
	return 1
}

// registryValue returns the registry's value at key, made by mk once.
func registryValue(L *lua.LState, key string, mk func() lua.LValue) lua.LValue {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if v := reg.RawGetString(key); v != lua.LNil {
		return v
	}
	v := mk()
	reg.RawSetString(key, v)
	return v
}

// jsonNull is json.null: one userdata per state, printing as "null".
func jsonNull(L *lua.LState) *lua.LUserData {
	return registryValue(L, jsonNullKey, func() lua.LValue {
		ud := L.NewUserData()
		mt := L.NewTable()
		mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
			L.Push(lua.LString("null"))
			return 1
		}))
		mt.RawSetString("__metatable", lua.LString("json.null"))
		ud.Metatable = mt
		return ud
	}).(*lua.LUserData)
}

func jsonMarker(L *lua.LState, key string) *lua.LTable {
	return registryValue(L, key, func() lua.LValue {
		mt := L.NewTable()
		mt.RawSetString("__name", lua.LString(strings.TrimPrefix(key, "psulua.")))
		return mt
	}).(*lua.LTable)
}

// jsonMark is json.object([t]) and json.array([t]): t (or a new table)
// marked to encode as that kind even when empty; t is returned.
func jsonMark(key, kind string) lua.LGFunction {
	return func(L *lua.LState) int {
		t := L.OptTable(1, nil)
		if t == nil {
			t = L.NewTable()
		}
		mt := jsonMarker(L, key)
		switch t.Metatable {
		case lua.LNil, mt, jsonMarker(L, jsonObjectKey), jsonMarker(L, jsonArrayKey):
		default:
			L.ArgError(1, "table already has a metatable; json."+kind+" needs to set its own")
		}
		t.Metatable = mt
		L.Push(t)
		return 1
	}
}

type jsonEncoder struct {
	L        *lua.LState
	b        []byte
	indent   string // "" is compact; set with pretty
	pretty   bool
	path     []jsonPathElem // from the root to the value being encoded
	visiting []*lua.LTable  // tables being encoded, outermost first
	members  []jsonMember   // scratch for objects' keys, a stack across depths
	null     *lua.LUserData
	objectMT *lua.LTable
	arrayMT  *lua.LTable
	// A table met many times over makes a text far larger than what the
	// script holds: the encoder looks at the run's limits every
	// jsonCheckEvery values, or jsonCheckBytes bytes.
	values  int
	checked int // len(b) at the last look
	keys    int // read or compared while looking a table's keys over (keyRead)
}

const (
	jsonCheckEvery = 1 << 12
	jsonCheckBytes = 1 << 16
	// jsonLarge: past this size, the result grows a chunk at a time
	// (lua51.GrowChecked), with room for a value of up to a megabyte
	// quoted (appendJSONString goes on by itself past that).
	jsonLarge = 6*jsonStringChunk + jsonCheckBytes
)

// jsonEncode is json.encode(v [, {indent = n|string}]).
func jsonEncode(L *lua.LState) int {
	v := L.CheckAny(1)
	e := &jsonEncoder{
		L:        L,
		null:     jsonNull(L),
		objectMT: jsonMarker(L, jsonObjectKey),
		arrayMT:  jsonMarker(L, jsonArrayKey),
	}
	if opts := L.OptTable(2, nil); opts != nil {
		opts.ForEach(func(k, v lua.LValue) {
			switch k {
			case lua.LString("indent"):
				switch v := v.(type) {
				case lua.LNumber:
					if v < 0 || v > 64 || v != lua.LNumber(math.Trunc(float64(v))) {
						L.ArgError(2, "indent must be an integer from 0 to 64")
					}
					e.indent, e.pretty = strings.Repeat(" ", int(v)), true
				case lua.LString:
					e.indent, e.pretty = string(v), true
				case *lua.LNilType:
				default:
					L.ArgError(2, "indent must be a number or a string, got "+v.Type().String())
				}
			default:
				L.ArgError(2, "unknown option "+strconv.Quote(lua51.Shown(k.String()))+" (known: indent)")
			}
		})
	}
	e.value(v)
	L.Push(lua51.StringOf(e.b)) // e.b is this call's own
	return 1
}

func (e *jsonEncoder) fail(format string, args ...any) {
	e.L.RaiseError("json.encode: "+format+" at %s", append(args, e.where())...)
}

// jsonPathElem is one step of a path: an array index (1-based) or an
// object key (num when it came from a number key).
type jsonPathElem struct {
	key   string
	index int
	num   bool
}

// where is the path to the current value: $, $.name, $[3], $["odd key"],
// each key cut to 200 bytes (a script's may be megabytes, at every level).
func (e *jsonEncoder) where() string {
	var b strings.Builder
	b.WriteByte('$')
	for _, p := range e.path {
		switch {
		case p.index > 0:
			b.WriteString("[" + strconv.Itoa(p.index) + "]")
		case p.num:
			b.WriteString("[" + p.key + "]")
		case isIdent(p.key):
			b.WriteString("." + lua51.Shown(p.key))
		default:
			b.WriteString("[" + strconv.Quote(lua51.Shown(p.key)) + "]")
		}
	}
	return b.String()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '_' && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z') && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

func (e *jsonEncoder) value(v lua.LValue) {
	if e.values++; e.values%jsonCheckEvery == 0 || len(e.b)-e.checked > jsonCheckBytes {
		e.checked = len(e.b)
		if len(e.b) >= jsonLarge {
			// Room for the next values, so that append never copies
			// a large result at once (grow looks at the limits too).
			e.b = e.grow(e.b, jsonLarge)
		} else {
			lua51.CheckGrowth(e.L, "json.encode", len(e.b))
		}
	}
	switch v := v.(type) {
	case *lua.LNilType:
		e.b = append(e.b, "null"...)
	case lua.LBool:
		e.b = strconv.AppendBool(e.b, bool(v))
	case lua.LNumber:
		e.number(float64(v))
	case lua.LString:
		e.b = appendJSONString(e.b, string(v), e.grow)
	case *lua.LTable:
		e.table(v)
	case *lua.LUserData:
		e.userdata(v)
	default:
		e.fail("unsupported value of type %s", v.Type())
	}
}

// grow looks at the time and memory limits for room more bytes, and makes
// that room, a chunk at a time: for the next piece of a long string
// (appendJSONString), the next values, and a long indent.
func (e *jsonEncoder) grow(b []byte, room int) []byte {
	lua51.CheckGrowth(e.L, "json.encode", len(b)+room)
	return lua51.GrowChecked(e.L, b, room)
}

func (e *jsonEncoder) number(f float64) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.fail("non-finite number %s", numberKey(f))
	}
	if f == math.Trunc(f) && math.Abs(f) < 1<<63 {
		e.b = strconv.AppendInt(e.b, int64(f), 10)
		return
	}
	e.b = strconv.AppendFloat(e.b, f, 'g', -1, 64)
}

// numberKey formats a finite number as JSON (and as an object key):
// integers without a fraction, others in the shortest exact form.
func numberKey(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case f == math.Trunc(f) && math.Abs(f) < 1<<63:
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func (e *jsonEncoder) userdata(u *lua.LUserData) {
	if u == e.null {
		e.b = append(e.b, "null"...)
		return
	}
	// Only a userdata whose metatable has __index can be asked for
	// as_dict without raising "attempt to index".
	if mt, ok := u.Metatable.(*lua.LTable); ok && mt.RawGetString("__index") != lua.LNil {
		// __index and as_dict may be Go functions that run no instruction.
		lua51.CheckGrowth(e.L, "json.encode", 0)
		if fn, ok := e.L.GetField(u, "as_dict").(*lua.LFunction); ok {
			e.L.Push(fn)
			e.L.Push(u)
			e.L.Call(1, 1)
			d := e.L.Get(-1)
			e.L.Pop(1)
			if t, ok := d.(*lua.LTable); ok {
				e.table(t)
				return
			}
			e.fail("as_dict returned a %s, not a table", d.Type())
		}
	}
	e.fail("unsupported value of type userdata")
}

func (e *jsonEncoder) table(t *lua.LTable) {
	for _, v := range e.visiting {
		if v == t {
			e.fail("cycle detected")
		}
	}
	if len(e.path) >= maxJSONDepth {
		e.fail("nesting deeper than %d", maxJSONDepth)
	}
	e.visiting = append(e.visiting, t)
	defer func() { e.visiting = e.visiting[:len(e.visiting)-1] }()

	switch t.Metatable {
	case e.objectMT:
		e.objectMembers(t)
		return
	case e.arrayMT:
		e.forcedArray(t)
		return
	}
	if fields := bindings.TupleFields(t); fields != nil {
		e.tuple(t, fields)
		return
	}
	n, isArray := 0, true
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		n++
		e.keyRead()
		if isArray {
			f, ok := k.(lua.LNumber)
			isArray = ok && f >= 1 && f == lua.LNumber(math.Trunc(float64(f)))
		}
	}
	// n distinct positive integer keys, the largest n: exactly 1..n.
	if n == 0 || isArray && e.maxIndex(t) == n {
		e.arrayItems(t, n)
		return
	}
	e.objectMembers(t)
}

// keyRead counts a key read or compared in looking a table's keys over
// (their kind, the largest index, an object's members and their sort),
// and looks at the time limit every jsonCheckEvery: a table may hold
// millions.
func (e *jsonEncoder) keyRead() {
	if e.keys++; e.keys%jsonCheckEvery == 0 {
		lua51.CheckGrowth(e.L, "json.encode", 0)
	}
}

// maxIndex is the largest positive integer key of a table whose keys are
// all positive integers.
func (e *jsonEncoder) maxIndex(t *lua.LTable) int {
	max := 0.0
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		e.keyRead()
		if f := float64(k.(lua.LNumber)); f > max {
			max = f
		}
	}
	if max > math.MaxInt32 {
		return math.MaxInt32
	}
	return int(max)
}

func (e *jsonEncoder) forcedArray(t *lua.LTable) {
	n := 0
	t.ForEach(func(k, _ lua.LValue) {
		n++
		if f, ok := k.(lua.LNumber); !ok || f < 1 || f != lua.LNumber(math.Trunc(float64(f))) {
			e.fail("json.array table has the non-index key %s", keyRepr(k))
		}
	})
	max := 0
	if n > 0 {
		max = e.maxIndex(t)
	}
	// Holes become null, but a few keys must not make a huge array.
	if max > 2*n+16 {
		e.fail("json.array table is too sparse (%d values, largest index %d)", n, max)
	}
	e.arrayItems(t, max)
}

func keyRepr(k lua.LValue) string {
	if s, ok := k.(lua.LString); ok {
		return strconv.Quote(lua51.Shown(string(s)))
	}
	if n, ok := k.(lua.LNumber); ok {
		return numberKey(float64(n))
	}
	return k.Type().String()
}

func (e *jsonEncoder) arrayItems(t *lua.LTable, n int) {
	if n == 0 {
		e.b = append(e.b, "[]"...)
		return
	}
	e.b = append(e.b, '[')
	for i := 1; i <= n; i++ {
		if i > 1 {
			e.b = append(e.b, ',')
		}
		e.newline(1)
		e.path = append(e.path, jsonPathElem{index: i})
		e.value(t.RawGetInt(i))
		e.path = e.path[:len(e.path)-1]
	}
	e.newline(0)
	e.b = append(e.b, ']')
}

// tuple writes a psutil named tuple as an object, its fields in order.
func (e *jsonEncoder) tuple(t *lua.LTable, fields []string) {
	if len(fields) == 0 {
		e.b = append(e.b, "{}"...)
		return
	}
	e.b = append(e.b, '{')
	for i, name := range fields {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.member(name, false, t.RawGetInt(i+1))
	}
	e.newline(0)
	e.b = append(e.b, '}')
}

func (e *jsonEncoder) member(key string, num bool, v lua.LValue) {
	e.newline(1)
	e.b = appendJSONString(e.b, key, e.grow)
	e.b = append(e.b, ':')
	if e.pretty {
		e.b = append(e.b, ' ')
	}
	e.path = append(e.path, jsonPathElem{key: key, num: num})
	e.value(v)
	e.path = e.path[:len(e.path)-1]
}

type jsonMember struct {
	key string
	k   lua.LValue
}

// objectMembers writes t as an object with sorted keys.
func (e *jsonEncoder) objectMembers(t *lua.LTable) {
	start := len(e.members)
	defer func() { e.members = e.members[:start] }()
	for k, _ := t.Next(lua.LNil); k != lua.LNil; k, _ = t.Next(k) {
		e.keyRead()
		switch kv := k.(type) {
		case lua.LString:
			e.members = append(e.members, jsonMember{string(kv), k})
		case lua.LNumber:
			if math.IsInf(float64(kv), 0) {
				e.fail("non-finite number key")
			}
			e.members = append(e.members, jsonMember{numberKey(float64(kv)), k})
		default:
			e.fail("unsupported key of type %s", k.Type())
		}
	}
	n := len(e.members) - start
	if n == 0 {
		e.b = append(e.b, "{}"...)
		return
	}
	slices.SortFunc(e.members[start:], func(a, b jsonMember) int {
		e.keyRead() // 3 million keys took 2 s to sort
		return strings.Compare(a.key, b.key)
	})
	e.b = append(e.b, '{')
	for i := 0; i < n; i++ {
		// Nested objects push onto e.members: index it afresh each time.
		m := e.members[start+i]
		if i > 0 {
			e.b = append(e.b, ',')
			if m.key == e.members[start+i-1].key {
				e.fail("duplicate key %q (a number and a string key)", m.key)
			}
		}
		_, num := m.k.(lua.LNumber)
		e.member(m.key, num, t.RawGet(m.k))
	}
	e.newline(0)
	e.b = append(e.b, '}')
}

// newline starts a new line indented for the current depth plus extra,
// when pretty-printing.
func (e *jsonEncoder) newline(extra int) {
	if !e.pretty {
		return
	}
	e.b = append(e.b, '\n')
	depth := len(e.path) + extra
	if size := depth * len(e.indent); size >= jsonCheckBytes {
		e.b = e.grow(e.b, size) // an indent string of any length, once per level: asked first
	}
	for range depth {
		e.b = lua51.AppendChecked(e.L, e.b, e.indent)
	}
}

const hexDigits = "0123456789abcdef"

// jsonStringChunk is how much of a long string appendJSONString quotes
// between calls of grow: quoting takes a while, and can make the result
// six times as long.
const jsonStringChunk = 1 << 20

// appendJSONString quotes s as a JSON string: UTF-8 passes through,
// control characters are escaped, invalid bytes become U+FFFD.
func appendJSONString(b []byte, s string, grow func(b []byte, room int) []byte) []byte {
	b = append(b, '"')
	start, next := 0, jsonStringChunk
	for i := 0; i < len(s); {
		if i >= next {
			b = grow(b, i-start+6*jsonStringChunk) // this piece, then \u00XX for each byte of the next, at most
			b = append(b, s[start:i]...)
			start, next = i, i+jsonStringChunk
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
