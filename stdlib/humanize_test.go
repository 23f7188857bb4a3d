package stdlib

import "testing"

// Expected values come from psutil's _common.bytes2human, scripts/battery.py's
// secs2hours and str(datetime.timedelta(seconds=n)), run in python3.
func TestHumanize(t *testing.T) {
	runCases(t, []luaCase{
		{name: "bytes2human zero", chunk: `return humanize.bytes2human(0)`, want: "0.0B"},
		{name: "bytes2human below 1K", chunk: `return humanize.bytes2human(1023)`, want: "1023.0B"},
		{name: "bytes2human 1K", chunk: `return humanize.bytes2human(1024)`, want: "1.0K"},
		{name: "bytes2human psutil doctest", chunk: `return humanize.bytes2human(10000), humanize.bytes2human(100001221)`, want: "9.8K\t95.4M"},
		{name: "bytes2human rounds up to 1024.0K", chunk: `return humanize.bytes2human(1048575)`, want: "1024.0K"},
		{name: "bytes2human yotta", chunk: `return humanize.bytes2human(2^90)`, want: "1024.0Y"},
		{name: "bytes2human negative", chunk: `return humanize.bytes2human(-10000)`, want: "-9.8K"},
		{name: "bytes2human fraction", chunk: `return humanize.bytes2human(0.5)`, want: "0.5B"},
		{name: "bytes2human not a number", chunk: `return humanize.bytes2human("x")`, err: "bad argument #1 to 'bytes2human' (number expected, got string)"},
		{name: "duration", chunk: `return humanize.duration(3725)`, want: "1:02:05"},
		{name: "duration zero", chunk: `return humanize.duration(0)`, want: "0:00:00"},
		{name: "duration one day", chunk: `return humanize.duration(86400)`, want: "1 day, 0:00:00"},
		{name: "duration days", chunk: `return humanize.duration(2*86400 + 3*3600 + 4*60 + 5)`, want: "2 days, 3:04:05"},
		{name: "duration truncates fractions", chunk: `return humanize.duration(59.9)`, want: "0:00:59"},
		{name: "duration negative", chunk: `return humanize.duration(-5)`, want: "-0:00:05"},
		{name: "duration nan", chunk: `return humanize.duration(0/0)`, err: "seconds out of range"},
		{name: "secs2hours", chunk: `return humanize.secs2hours(3725)`, want: "1:02:05"},
		{name: "secs2hours no days", chunk: `return humanize.secs2hours(90000)`, want: "25:00:00"},
		{name: "secs2hours fraction", chunk: `return humanize.secs2hours(7384.5)`, want: "2:03:04"},
		{name: "secs2hours negative floors as Python", chunk: `return humanize.secs2hours(-1), humanize.secs2hours(-3725)`, want: "-1:59:59\t-2:57:55"},
		{name: "secs2hours infinite", chunk: `return humanize.secs2hours(1/0)`, err: "seconds out of range"},
	}, defaultState)
}
