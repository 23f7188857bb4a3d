package engine

import (
	"strconv"
	"strings"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// osDate is os.date([format [, time]]) as Lua 5.1 on glibc in the C
// locale: "*t" and "!*t" give a table, anything else goes through C's
// strftime conversions (gopher-lua's lacks %j, %U, %W, %e and others and
// words %c differently). A leading '!' means UTC.
func osDate(L *lua.LState) int {
	format := L.OptString(1, "%c")
	t := time.Now()
	if L.Get(2) != lua.LNil {
		t = time.Unix(int64(L.CheckNumber(2)), 0)
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
	L.Push(lua.LString(strftime(format, t, utc)))
	return 1
}

var (
	weekdayNames = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// strftime formats t as C's strftime does in the C locale.
func strftime(format string, t time.Time, utc bool) string {
	var b []byte
	num := func(n, width int, pad byte) {
		s := strconv.Itoa(n)
		for i := len(s); i < width; i++ {
			b = append(b, pad)
		}
		b = append(b, s...)
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			b = append(b, c)
			continue
		}
		i++
		switch format[i] {
		case 'a':
			b = append(b, weekdayNames[t.Weekday()][:3]...)
		case 'A':
			b = append(b, weekdayNames[t.Weekday()]...)
		case 'b', 'h':
			b = append(b, monthNames[t.Month()-1][:3]...)
		case 'B':
			b = append(b, monthNames[t.Month()-1]...)
		case 'c':
			b = append(b, strftime("%a %b %e %H:%M:%S %Y", t, utc)...)
		case 'C':
			num(t.Year()/100, 2, '0')
		case 'd':
			num(t.Day(), 2, '0')
		case 'D', 'x':
			b = append(b, strftime("%m/%d/%y", t, utc)...)
		case 'e':
			num(t.Day(), 2, ' ')
		case 'F':
			b = append(b, strftime("%Y-%m-%d", t, utc)...)
		case 'g':
			y, _ := t.ISOWeek()
			num(y%100, 2, '0')
		case 'G':
			y, _ := t.ISOWeek()
			num(y, 1, '0')
		case 'H':
			num(t.Hour(), 2, '0')
		case 'I':
			num((t.Hour()+11)%12+1, 2, '0')
		case 'j':
			num(t.YearDay(), 3, '0')
		case 'k':
			num(t.Hour(), 2, ' ')
		case 'l':
			num((t.Hour()+11)%12+1, 2, ' ')
		case 'm':
			num(int(t.Month()), 2, '0')
		case 'M':
			num(t.Minute(), 2, '0')
		case 'n':
			b = append(b, '\n')
		case 'p':
			if t.Hour() < 12 {
				b = append(b, "AM"...)
			} else {
				b = append(b, "PM"...)
			}
		case 'P':
			if t.Hour() < 12 {
				b = append(b, "am"...)
			} else {
				b = append(b, "pm"...)
			}
		case 'r':
			b = append(b, strftime("%I:%M:%S %p", t, utc)...)
		case 'R':
			b = append(b, strftime("%H:%M", t, utc)...)
		case 's':
			b = strconv.AppendInt(b, t.Unix(), 10)
		case 'S':
			num(t.Second(), 2, '0')
		case 't':
			b = append(b, '\t')
		case 'T', 'X':
			b = append(b, strftime("%H:%M:%S", t, utc)...)
		case 'u':
			num((int(t.Weekday())+6)%7+1, 1, '0')
		case 'U':
			num((t.YearDay()+6-int(t.Weekday()))/7, 2, '0')
		case 'V':
			_, w := t.ISOWeek()
			num(w, 2, '0')
		case 'w':
			num(int(t.Weekday()), 1, '0')
		case 'W':
			num((t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0')
		case 'y':
			num(t.Year()%100, 2, '0')
		case 'Y':
			num(t.Year(), 1, '0')
		case 'z':
			_, off := t.Zone()
			sign := byte('+')
			if off < 0 {
				sign, off = '-', -off
			}
			b = append(b, sign)
			num(off/3600, 2, '0')
			num(off%3600/60, 2, '0')
		case 'Z':
			if utc {
				b = append(b, "GMT"...)
			} else {
				name, _ := t.Zone()
				b = append(b, name...)
			}
		case '%':
			b = append(b, '%')
		default:
			b = append(b, '%', format[i])
		}
	}
	return string(b)
}
