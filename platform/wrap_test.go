package platform

import (
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestWrapState(t *testing.T) {
	var w wrapState
	steps := []struct {
		name        string
		input, want map[string][]uint64
	}{
		{"first call passes through",
			map[string][]uint64{"a": {10, 100}}, map[string][]uint64{"a": {10, 100}}},
		{"growing counters unchanged",
			map[string][]uint64{"a": {20, 150}}, map[string][]uint64{"a": {20, 150}}},
		{"first field wraps",
			map[string][]uint64{"a": {5, 160}}, map[string][]uint64{"a": {25, 160}}},
		{"keeps growing after the wrap",
			map[string][]uint64{"a": {7, 170}}, map[string][]uint64{"a": {27, 170}}},
		{"wraps a second time",
			map[string][]uint64{"a": {1, 180}}, map[string][]uint64{"a": {28, 180}}},
		{"new name passes through",
			map[string][]uint64{"a": {2, 190}, "b": {3, 3}}, map[string][]uint64{"a": {29, 190}, "b": {3, 3}}},
		{"name gone",
			map[string][]uint64{"b": {4, 4}}, map[string][]uint64{"b": {4, 4}}},
		{"name back: its reminders were forgotten",
			map[string][]uint64{"a": {1, 1}, "b": {5, 5}}, map[string][]uint64{"a": {1, 1}, "b": {5, 5}}},
	}
	for _, s := range steps {
		got := w.apply(s.input)
		if !reflect.DeepEqual(got, s.want) {
			t.Fatalf("%s: got %v, want %v", s.name, got, s.want)
		}
	}
	w.reset()
	if got := w.apply(map[string][]uint64{"a": {0, 0}}); got["a"][0] != 0 {
		t.Fatalf("after reset: got %v", got)
	}
}

// TestWrapStateReadInOrder has a second caller arrive while the first is
// still reading: the second must take its sample after the first applied
// its own, or the older sample would be taken for a wrap.
func TestWrapStateReadInOrder(t *testing.T) {
	var w wrapState
	var samples atomic.Uint64
	started := make(chan struct{})
	release := make(chan struct{})
	read := func() (map[string][]uint64, error) {
		n := samples.Add(1)
		if n == 1 {
			close(started)
			<-release
		}
		return map[string][]uint64{"eth0": {n * 100}}, nil
	}
	var wg sync.WaitGroup
	wg.Go(func() { w.read(true, read) })
	<-started
	wg.Go(func() { w.read(true, read) })
	time.Sleep(20 * time.Millisecond) // let the second caller get as far as it can
	close(release)
	wg.Wait()
	got, _ := w.read(true, read)
	if got["eth0"][0] != 300 {
		t.Errorf("third sample = %v, want 300: the samples were applied out of order", got["eth0"][0])
	}
	if got, _ := w.read(false, func() (map[string][]uint64, error) { return nil, nil }); got != nil {
		t.Errorf("empty result: got %v", got)
	}
}
