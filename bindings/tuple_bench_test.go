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
