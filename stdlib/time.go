package stdlib

import (
	"math"
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/internal/strftime"
	"github.com/psulua/psulua/lua51"
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
	s := float64(lua51.CheckNumber(L, 1))
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
		secs := float64(lua51.CheckNumber(L, 2))
		if math.IsNaN(secs) || math.Abs(secs) > 1<<53 {
			L.ArgError(2, "time out of range")
		}
		whole := math.Floor(secs)
		t = time.Unix(int64(whole), int64((secs-whole)*1e9))
	}
	b, bad := strftime.AppendChecked(nil, format, t.Local(), false, func(n int) { lua51.CheckGrowth(L, "time.strftime", n) })
	if bad != "" {
		L.ArgError(1, "unknown directive "+strconv.Quote(bad)+" in format")
	}
	L.Push(lua.LString(b))
	return 1
}
