package stdlib_test

import (
	"os"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/stdlib"
)

func ExamplePreload() {
	L := lua.NewState()
	defer L.Close()
	stdlib.Preload(L, stdlib.Options{Stdout: os.Stdout})
	err := L.DoString(`
		local humanize, json = require("humanize"), require("json")
		print(humanize.bytes2human(10000), humanize.duration(183845))
		print(json.encode({name = "init", pid = 1, cmdline = {}}))
	`)
	if err != nil {
		panic(err)
	}
	// Output:
	// 9.8K	2 days, 3:04:05
	// {"cmdline":[],"name":"init","pid":1}
}
