package bindings

import (
	"sort"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// noAttribute raises Python's AttributeError for a name the object does
// not have, with the closest of its names as a suggestion, so a misspelt
// psutil.virtual_memry() or vm.totl fails where it is written instead of
// as "attempt to call a nil value" or a silent nil later. Feature tests
// read with rawget, which asks no metatable.
func noAttribute(L *lua.LState, owner, name string, names []string) {
	msg := owner + " has no attribute '" + name + "'"
	if best := Closest(name, names); best != "" {
		msg += ". Did you mean: '" + best + "'?"
	}
	L.RaiseError("%s", msg)
}

// Closest is the name of names nearest to name, as Python's "Did you
// mean" picks it: the least edit distance (a change of case costs half a
// change), within a third of the two lengths; "" when none is that close.
// Names starting with "_" are offered only for a name that does.
func Closest(name string, names []string) string {
	if len(name) > 40 {
		return ""
	}
	sorted := append([]string(nil), names...)
	sort.Strings(sorted) // ties go to the first in order, whatever the source's
	best, bestCost := "", -1
	for _, cand := range sorted {
		if cand == name || strings.HasPrefix(cand, "_") && !strings.HasPrefix(name, "_") {
			continue
		}
		limit := (len(name) + len(cand) + 3) * moveCost / 6
		if cost := editCost(name, cand); cost <= limit && (bestCost < 0 || cost < bestCost) {
			best, bestCost = cand, cost
		}
	}
	return best
}

// The costs of Python's suggestions: inserting, deleting or replacing a
// byte costs moveCost; replacing it by itself in the other case costs 1.
const moveCost = 2

func editCost(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j * moveCost
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i * moveCost
		for j := 1; j <= len(b); j++ {
			sub := 0
			switch {
			case a[i-1] == b[j-1]:
			case strings.EqualFold(a[i-1:i], b[j-1:j]):
				sub = 1
			default:
				sub = moveCost
			}
			cur[j] = min(prev[j-1]+sub, prev[j]+moveCost, cur[j-1]+moveCost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
