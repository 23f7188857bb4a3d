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
