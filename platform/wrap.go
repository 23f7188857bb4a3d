package platform

import "sync"

// wrapState is psutil's _WrapNumbers for one function: kernel counters that
// overflow and restart from zero (psutil issue #802) are made monotonic by
// remembering what each field had reached when it went backwards. Each
// function has its own state and lock, as psutil keys its cache by function
// name; the System's lock is not involved.
type wrapState struct {
	mu        sync.Mutex
	last      map[string][]uint64
	reminders map[wrapKey]uint64
}

type wrapKey struct {
	name  string
	field int
}

// read returns the counters read returns, by name, corrected for wraps when
// nowrap is set. With nowrap the lock is held across the read too: two
// callers that read first and locked afterwards could apply their samples
// in the opposite order, which would look like a wrap and add the older
// value to the counter for good. As in psutil, an empty result does not
// touch the state.
func (w *wrapState) read(nowrap bool, read func() (map[string][]uint64, error)) (map[string][]uint64, error) {
	if !nowrap {
		return read()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	raw, err := read()
	if err != nil || len(raw) == 0 {
		return raw, err
	}
	return w.apply(raw), nil
}

// apply returns input with every wrapped counter corrected, and remembers
// input for the next call. Counters of names that disappeared are forgotten.
// The caller holds w.mu.
func (w *wrapState) apply(input map[string][]uint64) map[string][]uint64 {
	if w.last == nil {
		w.last = input
		w.reminders = map[wrapKey]uint64{}
		return input
	}
	for k := range w.reminders {
		if _, ok := input[k.name]; !ok {
			delete(w.reminders, k)
		}
	}
	out := make(map[string][]uint64, len(input))
	for name, values := range input {
		old, ok := w.last[name]
		if !ok || len(old) != len(values) {
			out[name] = values
			continue
		}
		fixed := make([]uint64, len(values))
		for i, v := range values {
			k := wrapKey{name, i}
			if v < old[i] {
				w.reminders[k] += old[i]
			}
			fixed[i] = v + w.reminders[k]
		}
		out[name] = fixed
	}
	w.last = input
	return out
}

// reset forgets everything, as psutil's cache_clear does.
func (w *wrapState) reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last, w.reminders = nil, nil
}

// wrapSum is what disk_io_counters and net_io_counters return without
// perdisk or pernic: the counters of every name summed field by field, then
// converted to their tuple; nil when there are none. Every value of raw
// holds n fields.
func wrapSum[T any](raw map[string][]uint64, n int, tuple func([]uint64) T) *T {
	if len(raw) == 0 {
		return nil
	}
	sum := make([]uint64, n)
	for _, v := range raw {
		for i := range sum {
			sum[i] += v[i]
		}
	}
	t := tuple(sum)
	return &t
}

// wrapPerName is the perdisk or pernic form: each name's tuple; an empty
// map when there are none.
func wrapPerName[T any](raw map[string][]uint64, tuple func([]uint64) T) map[string]T {
	out := make(map[string]T, len(raw))
	for name, v := range raw {
		out[name] = tuple(v)
	}
	return out
}
