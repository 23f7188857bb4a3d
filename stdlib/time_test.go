package stdlib

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestTime(t *testing.T) {
	runCases(t, []luaCase{
		{name: "sleep", chunk: `local t0 = time.monotonic() time.sleep(0.02) local d = time.monotonic() - t0 return d >= 0.02 and d < 1`, want: "true"},
		{name: "sleep zero", chunk: `time.sleep(0) return "ok"`, want: "ok"},
		{name: "sleep negative", chunk: `time.sleep(-1)`, err: "sleep length must be non-negative"},
		{name: "sleep nan", chunk: `time.sleep(0/0)`, err: "sleep length must be non-negative"},
		{name: "monotonic never goes back", chunk: `local a = time.monotonic() local b = time.monotonic() return b >= a, a >= 0`, want: "true\ttrue"},
		{name: "time near os.time", chunk: `return math.abs(time.time() - os.time()) < 2`, want: "true"},
		{name: "strftime unknown directive", chunk: `return time.strftime("%Y %Q")`, err: `unknown directive "%Q"`},
		{name: "strftime trailing percent", chunk: `return time.strftime("100%")`, err: `unknown directive "%"`},
		{name: "strftime now", chunk: `return #time.strftime("%Y-%m-%d %H:%M:%S")`, want: "19"},
	}, defaultState)
}

func TestTimeStrftimeLocal(t *testing.T) {
	L := defaultState(t)
	got, err := eval(L, `return time.strftime("%Y-%m-%d %H:%M:%S %Z", 1700000000.75)`)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Unix(1700000000, 0).Local().Format("2006-01-02 15:04:05 MST"); got != want {
		t.Errorf("got %q, want %q (local time)", got, want)
	}
}

// Expected values from python3's time.strftime on the same instant in UTC.
func TestStrftime(t *testing.T) {
	at := time.Unix(1700000000, 0).UTC() // Tuesday 2023-11-14 22:13:20
	for _, c := range []struct{ format, want string }{
		{"%Y-%m-%d %H:%M:%S", "2023-11-14 22:13:20"},
		{"%a %A %b %B %h", "Tue Tuesday Nov November Nov"},
		{"%j %p %I %y %C", "318 PM 10 23 20"},
		{"%U %W %V %G %u %w", "46 46 46 2023 2 2"},
		{"%e|%c|%x|%X", "14|Tue Nov 14 22:13:20 2023|11/14/23|22:13:20"},
		{"%F %T %D %R", "2023-11-14 22:13:20 11/14/23 22:13"},
		{"%Z %z %s", "UTC +0000 1700000000"},
		{"100%% %n%t", "100% \n\t"},
		{"no directives", "no directives"},
	} {
		got, bad := strftime(nil, c.format, at)
		if bad != "" || string(got) != c.want {
			t.Errorf("strftime(%q) = %q (bad %q), want %q", c.format, got, bad, c.want)
		}
	}
	// New Year's Day 2024 was a Monday: week 0 by Sunday weeks, 1 by Monday.
	if got, _ := strftime(nil, "%U %W", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)); string(got) != "00 01" {
		t.Errorf("%%U %%W on 2024-01-01 = %q, want \"00 01\"", got)
	}
	east := time.Date(2024, 7, 1, 9, 5, 0, 0, time.FixedZone("IST", 5*3600+30*60))
	west := time.Date(2024, 7, 1, 21, 5, 0, 0, time.FixedZone("PDT", -7*3600))
	for _, c := range []struct {
		t    time.Time
		want string
	}{{east, "IST +0530 09 AM"}, {west, "PDT -0700 09 PM"}} {
		if got, _ := strftime(nil, "%Z %z %I %p", c.t); string(got) != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}

func TestTimeSleepHonoursContext(t *testing.T) {
	L := defaultState(t)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	L.SetContext(ctx)
	start := time.Now()
	_, err := eval(L, `time.sleep(30)`)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("sleep ran %v past its context", elapsed)
	}
	if err == nil || !strings.Contains(err.Error(), "context deadline exceeded") {
		t.Fatalf("err = %v, want the context's error", err)
	}

	// Cancelled from elsewhere while sleeping: Ctrl-C in the CLI.
	L = defaultState(t)
	ctx, cancel = context.WithCancel(context.Background())
	L.SetContext(ctx)
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := eval(L, `local ok, e = pcall(time.sleep, 30) error(e, 0)`); err == nil || !strings.Contains(err.Error(), "context canceled") {
		t.Fatalf("err = %v, want context canceled", err)
	}
}
