package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
)

// printer formats the REPL's results readably: strings quoted, tables as
// Lua table constructors with sorted keys, objects with __tostring (named
// tuples, psutil errors, Process objects) by their tostring.
type printer struct {
	L *lua.LState
	// width is the line width: a table that fits prints on one line,
	// a longer one one entry per line.
	width int
	// maxItems is how many entries of a table print; a comment says how
	// many more there are.
	maxItems int
	// maxDepth is how deep nested tables print; deeper ones are {...}.
	maxDepth int
}

func newPrinter(L *lua.LState, width int) *printer {
	if width < 20 {
		width = 80
	}
	return &printer{L: L, width: width, maxItems: 200, maxDepth: 8}
}

// format returns v as the REPL prints it.
func (p *printer) format(v lua.LValue) string {
	return p.render(v, 0, map[*lua.LTable]bool{})
}

// render formats v for a line that already has indent columns: on one
// line if it fits, else one entry per line.
func (p *printer) render(v lua.LValue, indent int, onPath map[*lua.LTable]bool) string {
	t, ok := v.(*lua.LTable)
	if !ok || p.hasToString(v) {
		return p.scalar(v)
	}
	if s, ok := p.flat(v, p.width-indent, onPath); ok {
		return s
	}
	if onPath[t] || len(onPath) >= p.maxDepth {
		s, _ := p.flat(v, math.MaxInt, onPath)
		return s
	}
	depth := len(onPath)
	onPath[t] = true
	defer delete(onPath, t)

	entries := p.entries(t)
	pad := strings.Repeat("  ", depth+1)
	var b strings.Builder
	b.WriteString("{\n")
	shown := entries
	if len(shown) > p.maxItems {
		shown = shown[:p.maxItems]
	}
	for i, e := range shown {
		b.WriteString(pad)
		b.WriteString(e.key)
		b.WriteString(p.render(e.value, len(pad)+len(e.key), onPath))
		if i < len(entries)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	if more := len(entries) - len(shown); more > 0 {
		fmt.Fprintf(&b, "%s-- %d more entries\n", pad, more)
	}
	b.WriteString(strings.Repeat("  ", depth))
	b.WriteString("}")
	return b.String()
}

// flat formats v on one line of at most budget columns, or reports that
// it does not fit.
func (p *printer) flat(v lua.LValue, budget int, onPath map[*lua.LTable]bool) (string, bool) {
	t, ok := v.(*lua.LTable)
	if !ok || p.hasToString(v) {
		s := p.scalar(v)
		return s, len(s) <= budget
	}
	switch {
	case onPath[t]:
		return "<cycle: " + t.String() + ">", true
	case len(onPath) >= p.maxDepth:
		return "{...}", true
	}
	entries := p.entries(t)
	if len(entries) == 0 {
		return "{}", budget >= 2
	}
	if p.oneEntryPerLine(entries) {
		return "", false
	}
	onPath[t] = true
	defer delete(onPath, t)
	var b strings.Builder
	b.WriteString("{")
	for i, e := range entries {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(e.key)
		s, ok := p.flat(e.value, budget-b.Len()-1, onPath)
		if !ok {
			return "", false
		}
		b.WriteString(s)
	}
	b.WriteString("}")
	return b.String(), b.Len() <= budget
}

// oneEntryPerLine: a table holding several objects with a repr (a list
// of named tuples) or more entries than print prints one per line.
func (p *printer) oneEntryPerLine(entries []entry) bool {
	if len(entries) > p.maxItems {
		return true
	}
	objects := 0
	for _, e := range entries {
		if p.hasToString(e.value) {
			objects++
		}
	}
	return objects >= 2
}

// entry is one field of a table: its key as written in a constructor
// ("" in the list part, "name = ", "[k] = ") and its value.
type entry struct {
	key   string
	value lua.LValue
}

// entries lists t's fields: the list part 1..n first, then the other keys
// sorted, numbers before strings before the rest.
func (p *printer) entries(t *lua.LTable) []entry {
	var list []entry
	n := 0
	for ; ; n++ {
		v := t.RawGetInt(n + 1)
		if v == lua.LNil {
			break
		}
		list = append(list, entry{value: v})
	}
	type keyed struct {
		k lua.LValue
		v lua.LValue
	}
	var rest []keyed
	t.ForEach(func(k, v lua.LValue) {
		if num, ok := k.(lua.LNumber); ok && float64(num) == math.Trunc(float64(num)) && num >= 1 && int(num) <= n {
			return
		}
		rest = append(rest, keyed{k, v})
	})
	rank := func(v lua.LValue) int {
		switch v.(type) {
		case lua.LNumber:
			return 0
		case lua.LString:
			return 1
		case lua.LBool:
			return 2
		}
		return 3
	}
	sort.Slice(rest, func(i, j int) bool {
		a, b := rest[i].k, rest[j].k
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		switch a := a.(type) {
		case lua.LNumber:
			return a < b.(lua.LNumber)
		case lua.LBool:
			return !bool(a) && bool(b.(lua.LBool))
		}
		return a.String() < b.String()
	})
	for _, kv := range rest {
		list = append(list, entry{key: p.key(kv.k), value: kv.v})
	}
	return list
}

// key is how a key is written in a table constructor.
func (p *printer) key(k lua.LValue) string {
	if s, ok := k.(lua.LString); ok && isIdentifier(string(s)) {
		return string(s) + " = "
	}
	return "[" + p.scalar(k) + "] = "
}

// scalar formats a value that prints on its own, without looking inside.
func (p *printer) scalar(v lua.LValue) string {
	switch v := v.(type) {
	case lua.LString:
		return quote(string(v))
	case lua.LNumber:
		return engine.NumberString(v)
	case *lua.LTable, *lua.LUserData:
		if p.hasToString(v) {
			return p.tostring(v)
		}
	}
	return v.String()
}

func (p *printer) hasToString(v lua.LValue) bool { return hasToString(p.L, v) }

func (p *printer) tostring(v lua.LValue) string {
	str, _ := engine.SafeToString(p.L, v)
	return str
}

// hasToString reports whether v is a table or userdata with __tostring:
// an object that says what it is (a named tuple, a psutil error, a
// Process).
func hasToString(L *lua.LState, v lua.LValue) bool {
	switch v.(type) {
	case *lua.LTable, *lua.LUserData:
		return L.GetMetaField(v, "__tostring") != lua.LNil
	}
	return false
}

var luaKeywords = map[string]bool{
	"and": true, "break": true, "do": true, "else": true, "elseif": true,
	"end": true, "false": true, "for": true, "function": true, "if": true,
	"in": true, "local": true, "nil": true, "not": true, "or": true,
	"repeat": true, "return": true, "then": true, "true": true,
	"until": true, "while": true,
}

// isIdentifier reports whether s is a Lua name (and so can be written
// t.s and s = v in a constructor).
func isIdentifier(s string) bool {
	if s == "" || luaKeywords[s] {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// quote writes s as a Lua string literal, escaping what would not read
// back or would disturb the terminal.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\a':
			b.WriteString(`\a`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\v':
			b.WriteString(`\v`)
		default:
			if c < 0x20 || c == 0x7f {
				writeDecimalEscape(&b, c, s, i)
				break
			}
			if c < utf8.RuneSelf {
				b.WriteByte(c)
				break
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 || r >= 0x80 && r < 0xa0 {
				for j := 0; j < size; j++ {
					writeDecimalEscape(&b, s[i+j], s, i+j)
				}
			} else {
				b.WriteString(s[i : i+size])
			}
			i += size
			continue
		}
		i++
	}
	b.WriteByte('"')
	return b.String()
}

// writeDecimalEscape writes \ddd, with three digits when a digit follows
// (so that "\0" followed by "1" does not read back as "\01").
func writeDecimalEscape(b *strings.Builder, c byte, s string, i int) {
	b.WriteByte('\\')
	if i+1 < len(s) && '0' <= s[i+1] && s[i+1] <= '9' {
		fmt.Fprintf(b, "%03d", c)
		return
	}
	b.WriteString(strconv.Itoa(int(c)))
}
