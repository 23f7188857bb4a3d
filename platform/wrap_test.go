package platform

import (
	"reflect"
	"testing"
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
