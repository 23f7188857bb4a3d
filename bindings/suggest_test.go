package bindings

import (
	"strings"
	"testing"

	lua "github.com/yuin/gopher-lua"
)

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
		// A script's key may be any string: the message shows 200 bytes.
		{`return psutil[("x"):rep(1000)]`, "module 'psutil' has no attribute '" + strings.Repeat("x", 200) + "...'"},
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
