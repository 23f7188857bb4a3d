//go:build linux

package platform

import (
	"context"
	"errors"
	"net"
	"os"
	"reflect"
	"sync/atomic"
	"testing"
	"time"
)

// countdownCtx is a context whose Err turns to context.Canceled after n
// calls: it cancels a listing midway, wherever it looks.
type countdownCtx struct {
	context.Context
	n atomic.Int64
}

func (c *countdownCtx) Err() error {
	if c.n.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestContextStopsEarly: each call that can block or take long returns
// ctx's error, promptly, when ctx is cancelled before or during the call
// or its deadline passes.
func TestContextStopsEarly(t *testing.T) {
	s := New(LiveFS())
	self, err := s.NewProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	// A socket, so that net_connections has owners to look for.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	calls := []struct {
		name    string
		call    func(ctx context.Context) error
		listing bool // ends by itself quickly: no deadline case
	}{
		{"cpu_percent(10)", func(ctx context.Context) error { _, err := s.CPUPercent(ctx, 10*time.Second); return err }, false},
		{"cpu_percent(10, percpu)", func(ctx context.Context) error { _, err := s.PerCPUPercent(ctx, 10*time.Second); return err }, false},
		{"cpu_times_percent(10)", func(ctx context.Context) error { _, err := s.CPUTimesPercent(ctx, 10*time.Second); return err }, false},
		{"cpu_times_percent(10, percpu)", func(ctx context.Context) error { _, err := s.PerCPUTimesPercent(ctx, 10*time.Second); return err }, false},
		{"Process.cpu_percent(10)", func(ctx context.Context) error { _, err := self.CPUPercent(ctx, 10*time.Second); return err }, false},
		{"Process.wait() of a process that goes on", func(ctx context.Context) error { _, err := self.Wait(ctx, NoTimeout); return err }, false},
		{"wait_procs", func(ctx context.Context) error {
			_, _, err := s.WaitProcs(ctx, []*Process{self}, NoTimeout, nil)
			return err
		}, false},
		{"process_iter()", func(ctx context.Context) error { _, err := s.ProcessIterContext(ctx); return err }, true},
		{"process_iter(attrs)", func(ctx context.Context) error { _, err := s.ProcessIterAttrsContext(ctx, nil); return err }, true},
		{"net_connections('all')", func(ctx context.Context) error { _, err := s.NetConnectionsContext(ctx, "all"); return err }, true},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			check := func(how string, ctx context.Context, want error) {
				t.Helper()
				start := time.Now()
				err := c.call(ctx)
				if took := time.Since(start); took > 2*time.Second {
					t.Errorf("%s: returned after %v", how, took)
				}
				if !errors.Is(err, want) {
					t.Errorf("%s: %v, want %v", how, err, want)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			check("cancelled before", ctx, context.Canceled)
			if c.listing {
				// Cancelled on the third look at ctx: past the look on
				// entry and the first during the work. A call that looks
				// only on entry and at the end would return nil.
				cd := &countdownCtx{Context: context.Background()}
				cd.n.Store(2)
				check("cancelled midway", cd, context.Canceled)
				return
			}
			ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			check("deadline", ctx, context.DeadlineExceeded)
		})
	}
}

// TestContextVariantsGiveTheSameResults: with a context that is never
// done, the ...Context variants give what the plain calls give.
func TestContextVariantsGiveTheSameResults(t *testing.T) {
	ctx := context.Background()
	conns := fixture(t, "conn-basic")
	want, err := conns.NetConnections("all")
	if err != nil {
		t.Fatal(err)
	}
	got, err := conns.NetConnectionsContext(ctx, "all")
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("NetConnectionsContext: %v, %v\nwant %v", got, err, want)
	}
	procs := fixture(t, "proc-basic")
	pids := func(ps []*Process, err error) []int {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var out []int
		for _, p := range ps {
			out = append(out, p.Pid())
		}
		return out
	}
	if got, want := pids(procs.ProcessIterContext(ctx)), pids(procs.ProcessIter()); !reflect.DeepEqual(got, want) || len(got) == 0 {
		t.Errorf("ProcessIterContext: %v, want %v", got, want)
	}
	if got, want := pids(procs.ProcessIterAttrsContext(ctx, []string{"name"})), pids(procs.ProcessIterAttrs([]string{"name"})); !reflect.DeepEqual(got, want) || len(got) == 0 {
		t.Errorf("ProcessIterAttrsContext: %v, want %v", got, want)
	}
}
