package strftime

import (
	"strings"
	"testing"
	"time"
)

// Expected values from python3's time.strftime (glibc's strftime, C
// locale) on the same instants.
func TestAppend(t *testing.T) {
	at := time.Unix(1700000000, 0).UTC() // Tuesday 2023-11-14 22:13:20
	for _, c := range []struct{ format, want, bad string }{
		{"%Y-%m-%d %H:%M:%S", "2023-11-14 22:13:20", ""},
		{"%a %A %b %B %h", "Tue Tuesday Nov November Nov", ""},
		{"%j %p %I %y %C", "318 PM 10 23 20", ""},
		{"%U %W %V %G %g %u %w", "46 46 46 2023 23 2 2", ""},
		{"%e|%c|%x|%X", "14|Tue Nov 14 22:13:20 2023|11/14/23|22:13:20", ""},
		{"%F %T %D %R %r", "2023-11-14 22:13:20 11/14/23 22:13 10:13:20 PM", ""},
		{"%k|%l|%P", "22|10|pm", ""},
		{"%Z %z %s", "UTC +0000 1700000000", ""},
		{"100%% %n%t", "100% \n\t", ""},
		{"no directives", "no directives", ""},
		// What it does not know is copied, as C's strftime and Lua's
		// os.date do; the first is reported.
		{"%Q|%Ey|100%", "%Q|%Ey|100%", "%Q"},
		{"100%", "100%", "%"},
	} {
		got, bad := Append(nil, c.format, at, false)
		if string(got) != c.want || bad != c.bad {
			t.Errorf("Append(%q) = %q (bad %q), want %q (bad %q)", c.format, got, bad, c.want, c.bad)
		}
	}
	if got, _ := Append(nil, "%Z", at, true); string(got) != "GMT" {
		t.Errorf("%%Z of gmtime's time = %q, want GMT", got)
	}
	// Years before 1000 are not padded: "999|999|9".
	if got, _ := Append(nil, "%Y|%G|%C", time.Date(999, 1, 5, 0, 0, 0, 0, time.UTC), false); string(got) != "999|999|9" {
		t.Errorf("year 999: %q", got)
	}
	// New Year's Day 2024 was a Monday: week 0 by Sunday weeks, 1 by Monday.
	if got, _ := Append(nil, "%U %W", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), false); string(got) != "00 01" {
		t.Errorf("%%U %%W on 2024-01-01 = %q, want \"00 01\"", got)
	}
	east := time.Date(2024, 7, 1, 9, 5, 0, 0, time.FixedZone("IST", 5*3600+30*60))
	west := time.Date(2024, 7, 1, 21, 5, 0, 0, time.FixedZone("PDT", -7*3600))
	for _, c := range []struct {
		t    time.Time
		want string
	}{{east, "IST +0530 09 AM"}, {west, "PDT -0700 09 PM"}} {
		if got, _ := Append(nil, "%Z %z %I %p", c.t, false); string(got) != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

// AppendChecked calls its check as it goes, with what it has written, so
// that a panic there stops a long format early.
func TestAppendCheckedChecks(t *testing.T) {
	format := strings.Repeat("%c", 1e5)
	var calls, last int
	b, _ := AppendChecked(nil, format, time.Unix(0, 0).UTC(), true, func(n int) {
		if n <= last {
			t.Fatalf("check saw %d after %d", n, last)
		}
		calls, last = calls+1, n
	})
	if want := len(format) / checkEvery; calls < want-1 || calls > want {
		t.Errorf("check called %d times for %d bytes of format", calls, len(format))
	}
	plain, _ := Append(nil, format, time.Unix(0, 0).UTC(), true)
	if string(b) != string(plain) {
		t.Error("AppendChecked wrote another text than Append")
	}
}
