package stdlib

import (
	"math"
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// time: sleeping and clocks.
var timeFuncs = map[string]lua.LGFunction{
	"sleep":     timeSleep,
	"monotonic": timeMonotonic,
	"time":      timeTime,
	"strftime":  timeStrftime,
}

// timeSleep is time.sleep(seconds). It returns early with an error when
// the state's context is done (a timeout, Ctrl-C), as the VM would at its
// next instruction.
func timeSleep(L *lua.LState) int {
	s := float64(L.CheckNumber(1))
	if math.IsNaN(s) || s < 0 {
		L.ArgError(1, "sleep length must be non-negative")
	}
	d := time.Duration(math.MaxInt64)
	if s < float64(math.MaxInt64)/float64(time.Second) {
		d = time.Duration(s * float64(time.Second))
	}
	sleep(L, d)
	return 0
}

// sleep waits d, or raises the error of L's context when it ends first.
func sleep(L *lua.LState, d time.Duration) {
	ctx := L.Context()
	if ctx == nil {
		time.Sleep(d)
		return
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		L.RaiseError("%s", ctx.Err().Error())
	}
}

// start is the origin of time.monotonic; Go's time.Since reads the
// monotonic clock.
var start = time.Now()

// timeMonotonic is time.monotonic(): seconds from an arbitrary point,
// never going back; only differences between calls mean anything.
func timeMonotonic(L *lua.LState) int {
	L.Push(lua.LNumber(time.Since(start).Seconds()))
	return 1
}

// timeTime is time.time(): the wall clock in seconds since the epoch, with
// a fraction.
func timeTime(L *lua.LState) int {
	L.Push(lua.LNumber(float64(time.Now().UnixNano()) / 1e9))
	return 1
}

// timeStrftime is time.strftime(format [, t]): t (seconds since the epoch,
// now when absent) in local time, formatted with C's directives in the C
// locale. An unknown directive is an error.
func timeStrftime(L *lua.LState) int {
	format := L.CheckString(1)
	var t time.Time
	if L.Get(2) == lua.LNil {
		t = time.Now()
	} else {
		secs := float64(L.CheckNumber(2))
		if math.IsNaN(secs) || math.Abs(secs) > 1<<53 {
			L.ArgError(2, "time out of range")
		}
		whole := math.Floor(secs)
		t = time.Unix(int64(whole), int64((secs-whole)*1e9))
	}
	b, bad := strftime(nil, format, t.Local())
	if bad != "" {
		L.ArgError(1, "unknown directive "+strconv.Quote(bad)+" in format")
	}
	L.Push(lua.LString(b))
	return 1
}

var (
	shortDays   = [...]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	shortMonths = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
)

// strftime appends t formatted by format; bad is the first unknown
// directive ("%Q", or "%" at the end), with nothing appended then.
func strftime(b []byte, format string, t time.Time) (_ []byte, bad string) {
	pad := func(b []byte, n, width int, fill byte) []byte {
		s := strconv.Itoa(n)
		for i := len(s); i < width; i++ {
			b = append(b, fill)
		}
		return append(b, s...)
	}
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' {
			b = append(b, c)
			continue
		}
		i++
		if i == len(format) {
			return nil, "%"
		}
		switch d := format[i]; d {
		case '%':
			b = append(b, '%')
		case 'a':
			b = append(b, shortDays[t.Weekday()]...)
		case 'A':
			b = append(b, t.Weekday().String()...)
		case 'b', 'h':
			b = append(b, shortMonths[t.Month()-1]...)
		case 'B':
			b = append(b, t.Month().String()...)
		case 'c':
			b, _ = strftime(b, "%a %b %e %H:%M:%S %Y", t)
		case 'C':
			b = pad(b, t.Year()/100, 2, '0')
		case 'd':
			b = pad(b, t.Day(), 2, '0')
		case 'D', 'x':
			b, _ = strftime(b, "%m/%d/%y", t)
		case 'e':
			b = pad(b, t.Day(), 2, ' ')
		case 'F':
			b, _ = strftime(b, "%Y-%m-%d", t)
		case 'G':
			y, _ := t.ISOWeek()
			b = pad(b, y, 4, '0')
		case 'H':
			b = pad(b, t.Hour(), 2, '0')
		case 'I':
			b = pad(b, (t.Hour()+11)%12+1, 2, '0')
		case 'j':
			b = pad(b, t.YearDay(), 3, '0')
		case 'm':
			b = pad(b, int(t.Month()), 2, '0')
		case 'M':
			b = pad(b, t.Minute(), 2, '0')
		case 'n':
			b = append(b, '\n')
		case 'p':
			if t.Hour() < 12 {
				b = append(b, "AM"...)
			} else {
				b = append(b, "PM"...)
			}
		case 'R':
			b, _ = strftime(b, "%H:%M", t)
		case 's':
			b = strconv.AppendInt(b, t.Unix(), 10)
		case 'S':
			b = pad(b, t.Second(), 2, '0')
		case 't':
			b = append(b, '\t')
		case 'T', 'X':
			b, _ = strftime(b, "%H:%M:%S", t)
		case 'u':
			b = pad(b, (int(t.Weekday())+6)%7+1, 1, '0')
		case 'U': // week of the year, weeks starting on Sunday
			b = pad(b, (t.YearDay()+6-int(t.Weekday()))/7, 2, '0')
		case 'V':
			_, w := t.ISOWeek()
			b = pad(b, w, 2, '0')
		case 'w':
			b = pad(b, int(t.Weekday()), 1, '0')
		case 'W': // week of the year, weeks starting on Monday
			b = pad(b, (t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0')
		case 'y':
			b = pad(b, t.Year()%100, 2, '0')
		case 'Y':
			b = pad(b, t.Year(), 4, '0')
		case 'z':
			_, off := t.Zone()
			sign := byte('+')
			if off < 0 {
				sign, off = '-', -off
			}
			b = pad(append(b, sign), off/3600*100+off/60%60, 4, '0')
		case 'Z':
			name, _ := t.Zone()
			b = append(b, name...)
		default:
			return nil, "%" + string(d)
		}
	}
	return b, ""
}
