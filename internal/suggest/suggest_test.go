package suggest

import (
	"strings"
	"testing"
	"time"
)

func TestClosest(t *testing.T) {
	names := []string{"virtual_memory", "swap_memory", "cpu_percent", "cpu_count", "_private", "name", "total", "used"}
	cases := []struct{ name, want string }{
		{"virtual_memry", "virtual_memory"},
		{"Virtual_Memory", "virtual_memory"}, // case changes cost half
		{"cpu_percnt", "cpu_percent"},
		{"cpu_cont", "cpu_count"},
		{"totl", "total"},
		{"nmae", ""}, // a transposition is two changes: too far for four letters, as in Python
		{"xyzzy", ""},
		{"private", ""}, // private names only for a name that starts with "_"
		{"_privat", "_private"},
		{"name", ""}, // the name itself is no suggestion
		{strings.Repeat("a", 41), ""},
	}
	for _, c := range cases {
		if got := Closest(c.name, names); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	many := make([]string, 751)
	for i := range many {
		many[i] = strings.Repeat("x", i%20+1)
	}
	many[0] = "total"
	if got := Closest("totl", many); got != "" {
		t.Errorf("Closest among %d names = %q, want none (too many to compare)", len(many), got)
	}
}

// Names past 40 bytes are no suggestion, as in Python: a script can add
// any number of long names to a table (100 names of 1 MB took 19 s).
func TestClosestSkipsLongNames(t *testing.T) {
	names := make([]string, 100)
	for i := range names {
		names[i] = strings.Repeat("a", 1<<20+i)
	}
	names = append(names, strings.Repeat("a", 39)+"c")
	start := time.Now()
	if got := Closest(strings.Repeat("a", 39)+"b", names); got != strings.Repeat("a", 39)+"c" {
		t.Errorf("Closest = %.50q", got)
	}
	if took := time.Since(start); took > 100*time.Millisecond {
		t.Errorf("took %v", took)
	}
}
