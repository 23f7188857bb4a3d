package bindings

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
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
}

// A name an object does not have is Python's AttributeError, with the
// suggestion; rawget and numeric keys still read nil.
func TestNoAttribute(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	Preload(L)
	cases := []struct{ chunk, want string }{
		{`return psutil.virtual_memry()`, "module 'psutil' has no attribute 'virtual_memry'. Did you mean: 'virtual_memory'?"},
		{`return psutil.PROCFS_PTH`, "module 'psutil' has no attribute 'PROCFS_PTH'. Did you mean: 'PROCFS_PATH'?"},
		{`return psutil.virtual_memory().totl`, "'svmem' object has no attribute 'totl'. Did you mean: 'total'?"},
		{`return psutil.Process().nme`, "'Process' object has no attribute 'nme'. Did you mean: 'name'?"},
		{`return psutil.Process().pd`, "'Process' object has no attribute 'pd'. Did you mean: 'pid'?"},
	}
	for _, c := range cases {
		err := L.DoString(`local psutil = require("psutil"); ` + c.chunk)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error with %q", c.chunk, err, c.want)
		}
	}
	err := L.DoString(`
		local psutil = require("psutil")
		assert(rawget(psutil, "nosuch") == nil and psutil[1] == nil)
		local vm = psutil.virtual_memory()
		assert(vm[99] == nil and vm.total == vm[1] and #vm._fields == #vm)
		vm.extra = 1 -- a name assigned is then read as any table's
		assert(vm.extra == 1)
	`)
	if err != nil {
		t.Fatal(err)
	}
}
