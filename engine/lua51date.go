package engine

import (
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/internal/strftime"
	"github.com/psulua/psulua/lua51"
)

// osDate is os.date([format [, time]]) as Lua 5.1 on glibc in the C
// locale: "*t" and "!*t" give a table, anything else goes through C's
// strftime conversions (gopher-lua's lacks %j, %U, %W, %e and others and
// words %c differently). A leading '!' means UTC.
func osDate(L *lua.LState) int {
	format := L.OptString(1, "%c")
	t := time.Now()
	if L.Get(2) != lua.LNil {
		t = time.Unix(int64(lua51.CheckNumber(L, 2)), 0)
	}
	utc := strings.HasPrefix(format, "!")
	if utc {
		format = format[1:]
		t = t.UTC()
	} else {
		t = t.Local()
	}
	if strings.HasPrefix(format, "*t") {
		tbl := L.CreateTable(0, 9)
		tbl.RawSetString("year", lua.LNumber(t.Year()))
		tbl.RawSetString("month", lua.LNumber(t.Month()))
		tbl.RawSetString("day", lua.LNumber(t.Day()))
		tbl.RawSetString("hour", lua.LNumber(t.Hour()))
		tbl.RawSetString("min", lua.LNumber(t.Minute()))
		tbl.RawSetString("sec", lua.LNumber(t.Second()))
		tbl.RawSetString("wday", lua.LNumber(t.Weekday()+1))
		tbl.RawSetString("yday", lua.LNumber(t.YearDay()))
		tbl.RawSetString("isdst", lua.LBool(!utc && t.IsDST()))
		L.Push(tbl)
		return 1
	}
	// C's strftime copies what it does not know.
	b, _ := strftime.AppendChecked(nil, format, t, utc, func(n int) { lua51.CheckGrowth(L, "os.date", n) })
	L.Push(lua.LString(b))
	return 1
}
