package suggest

import (
	"strings"
	"testing"
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
