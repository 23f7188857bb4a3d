// Package suggest finds the name closest to a misspelt one, as Python's
// "Did you mean" does.
package suggest

import (
	"sort"
	"strings"
)

// Closest is the name of names nearest to name, as Python's "Did you
// mean" picks it: the least edit distance (a change of case costs half a
// change), within a third of the two lengths; "" when none is that close.
// Names starting with "_" are offered only for a name that does.
func Closest(name string, names []string) string {
	if len(name) > 40 || len(names) > 750 {
		return "" // as Python, which gives up past these sizes: the cost grows with both
	}
	sorted := append([]string(nil), names...)
	sort.Strings(sorted) // ties go to the first in order, whatever the source's
	best, bestCost := "", -1
	for _, cand := range sorted {
		if cand == name || len(cand) > 40 || strings.HasPrefix(cand, "_") && !strings.HasPrefix(name, "_") {
			continue // Python skips names past 40 bytes too
		}
		limit := (len(name) + len(cand) + 3) * moveCost / 6
		if cost := EditCost(name, cand); cost <= limit && (bestCost < 0 || cost < bestCost) {
			best, bestCost = cand, cost
		}
	}
	return best
}

// The costs of Python's suggestions: inserting, deleting or replacing a
// byte costs moveCost; replacing it by itself in the other case costs 1.
const moveCost = 2

// EditCost is the edit distance of a and b with Python's costs.
func EditCost(a, b string) int {
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
