package stdlib

import (
	"math"
	"strconv"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
	"github.com/psulua/psulua/platform"
)

// humanize: numbers as psutil's scripts print them.
var humanizeFuncs = map[string]lua.LGFunction{
	"bytes2human": humanizeBytes2Human,
	"duration":    humanizeDuration,
	"secs2hours":  humanizeSecs2Hours,
}

// humanizeBytes2Human is psutil 8's bytes2human: bytes2human(10000) ==
// "9.8K", binary prefixes, one decimal, "0.0B" below 1K.
func humanizeBytes2Human(L *lua.LState) int {
	L.Push(lua.LString(platform.Bytes2Human(float64(lua51.CheckNumber(L, 1)))))
	return 1
}

// maxDuration keeps durations where a float64 still counts whole seconds.
const maxDuration = 1 << 53

func checkSeconds(L *lua.LState, n int) float64 {
	s := float64(lua51.CheckNumber(L, n))
	if math.IsNaN(s) || math.Abs(s) > maxDuration {
		L.ArgError(n, "seconds out of range (got "+strconv.FormatFloat(s, 'g', -1, 64)+")")
	}
	return s
}

// humanizeDuration is Python's str(timedelta(seconds=s)) truncated to whole
// seconds: "1:02:05", "1 day, 0:00:00", "2 days, 3:04:05". A negative
// duration is "-" and the duration of its magnitude ("-0:00:05"), not
// timedelta's "-1 day, 23:59:55".
func humanizeDuration(L *lua.LState) int {
	s := checkSeconds(L, 1)
	var b []byte
	if s < 0 {
		b = append(b, '-')
		s = -s
	}
	secs := int64(s)
	days, secs := secs/86400, secs%86400
	if days > 0 {
		b = strconv.AppendInt(b, days, 10)
		if days == 1 {
			b = append(b, " day, "...)
		} else {
			b = append(b, " days, "...)
		}
	}
	b = strconv.AppendInt(b, secs/3600, 10)
	b = appendTwo(append(b, ':'), secs/60%60)
	b = appendTwo(append(b, ':'), secs%60)
	L.Push(lua.LString(b))
	return 1
}

// humanizeSecs2Hours is secs2hours from psutil's scripts/battery.py:
// hours are not folded into days ("25:00:00"), and negative values go
// through Python's floor division as there ("-1:59:59" for -1).
func humanizeSecs2Hours(L *lua.LState) int {
	s := checkSeconds(L, 1)
	mm, ss := math.Floor(s/60), s-60*math.Floor(s/60)
	hh, mm := math.Floor(mm/60), mm-60*math.Floor(mm/60)
	b := strconv.AppendInt(nil, int64(hh), 10)
	b = appendTwo(append(b, ':'), int64(mm))
	b = appendTwo(append(b, ':'), int64(ss))
	L.Push(lua.LString(b))
	return 1
}

func appendTwo(b []byte, n int64) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, n, 10)
}
