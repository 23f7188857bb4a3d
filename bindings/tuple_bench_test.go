package bindings

import (
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

func BenchmarkPushTuple(b *testing.B) {
	L := lua.NewState()
	defer L.Close()
	pid := 42
	cases := map[string]platform.Tuple{
		"pmem":  platform.MemoryInfo{RSS: 1 << 20, VMS: 1 << 30, Shared: 4096, Text: 8192, Data: 1 << 16},
		"sconn": platform.Conn{Fd: 3, Family: platform.AF_INET, Type: platform.SOCK_STREAM, Laddr: platform.ConnAddr{IP: "127.0.0.1", Port: 80}, Status: "LISTEN", Pid: &pid},
	}
	for name, v := range cases {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				pushTuple(L, v)
			}
		})
	}
}

// BenchmarkAsDictTop is what a monitor asks of every process each
// refresh (examples/top.lua): as_dict of top's attributes, from Lua, for
// the processes of this machine; per process.
func BenchmarkAsDictTop(b *testing.B) {
	L := lua.NewState()
	defer L.Close()
	L.PreloadModule("psutil", NewModule(platform.New(platform.LiveFS())).Loader)
	if err := L.DoString(`
		psutil = require("psutil")
		attrs = {"username", "nice", "memory_info", "memory_percent", "cpu_percent", "cpu_times", "name", "status"}
		procs = {}
		for p in psutil.process_iter() do procs[#procs + 1] = p end
		function pass()
			for _, p in ipairs(procs) do pcall(p.as_dict, p, attrs) end
		end`); err != nil {
		b.Fatal(err)
	}
	n := L.GetGlobal("procs").(*lua.LTable).Len()
	pass := L.GetGlobal("pass")
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i += n {
		if err := L.CallByParam(lua.P{Fn: pass}); err != nil {
			b.Fatal(err)
		}
	}
}
