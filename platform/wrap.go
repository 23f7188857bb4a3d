package platform

// wrapState is psutil's _WrapNumbers for one function: kernel counters that
// overflow and restart from zero (psutil issue #802) are made monotonic by
// remembering what each field had reached when it went backwards.
type wrapState struct {
	last      map[string][]uint64
	reminders map[wrapKey]uint64
}

type wrapKey struct {
	name  string
	field int
}

// apply returns input with every wrapped counter corrected, and remembers
// input for the next call. Counters of names that disappeared are forgotten.
// The caller holds the System's lock.
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
func (w *wrapState) reset() { *w = wrapState{} }
