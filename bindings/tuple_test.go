package bindings

import (
	"testing"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

func str(s string) *string   { return &s }
func flt(f float64) *float64 { return &f }
func boolp(b bool) *bool     { return &b }

func TestTupleRepr(t *testing.T) {
	cases := []struct {
		name  string
		tuple platform.Tuple
		want  string
	}{
		{"integers and a float percent",
			platform.VirtualMemory{Total: 10367352832, Available: 6472179712, Percent: 37.6, Used: 8186245120},
			"svmem(total=10367352832, available=6472179712, percent=37.6, used=8186245120, free=0, active=0, inactive=0, buffers=0, cached=0, shared=0, slab=0)"},
		{"whole floats keep their .0",
			platform.CPUFreq{Current: 2599.998, Min: 800, Max: 3500},
			"scpufreq(current=2599.998, min=800.0, max=3500.0)"},
		{"enum and None fields",
			platform.NetIfAddr{Family: platform.AF_INET6, Address: str("::1"), Netmask: str("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")},
			"snicaddr(family=<AddressFamily.AF_INET6: 10>, address='::1', netmask='ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', broadcast=None, ptp=None)"},
		{"AF_LINK prints as AF_PACKET, as on Linux",
			platform.NetIfAddr{Family: platform.AF_LINK, Address: str("00:00:00:00:00:00")},
			"snicaddr(family=<AddressFamily.AF_PACKET: 17>, address='00:00:00:00:00:00', netmask=None, broadcast=None, ptp=None)"},
		{"bools and duplex",
			platform.NetIfStats{Isup: true, Duplex: platform.NIC_DUPLEX_FULL, Speed: 1000, MTU: 1500, Flags: "up,running"},
			"snicstats(isup=True, duplex=<NicDuplex.NIC_DUPLEX_FULL: 2>, speed=1000, mtu=1500, flags='up,running')"},
		{"battery unlimited time",
			platform.Battery{Percent: 93, Secsleft: platform.POWER_TIME_UNLIMITED, PowerPlugged: boolp(true)},
			"sbattery(percent=93.0, secsleft=<BatteryTime.POWER_TIME_UNLIMITED: -2>, power_plugged=True)"},
		{"battery seconds left",
			platform.Battery{Percent: 50.5, Secsleft: 16628, PowerPlugged: boolp(false)},
			"sbattery(percent=50.5, secsleft=16628, power_plugged=False)"},
		{"temperature without thresholds",
			platform.Temperature{Label: "", Current: 47, High: nil, Critical: flt(103)},
			"shwtemp(label='', current=47.0, high=None, critical=103.0)"},
		{"strings with quotes",
			platform.DiskPartition{Device: "/dev/sda1", Mountpoint: "/mnt/it's here", Fstype: "ext4", Opts: "rw"},
			`sdiskpart(device='/dev/sda1', mountpoint="/mnt/it's here", fstype='ext4', opts='rw')`},
	}
	L := lua.NewState()
	defer L.Close()
	for _, c := range cases {
		tbl := pushTuple(L, c.tuple)
		if got := L.ToStringMeta(tbl).String(); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

func TestTupleAccess(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	L.SetGlobal("vm", pushTuple(L, platform.VirtualMemory{Total: 100, Available: 40, Percent: 60}))
	L.SetGlobal("nic", pushTuple(L, platform.NetIfAddr{Family: platform.AF_INET, Address: str("127.0.0.1")}))
	err := L.DoString(`
		assert(vm.total == 100 and vm[1] == 100, "total by name and position")
		assert(vm.percent == 60 and vm[3] == 60, "percent by name and position")
		assert(#vm == 11, "length is the field count, got " .. #vm)
		assert(#vm._fields == 11 and vm._fields[1] == "total" and vm._fields[11] == "slab", "_fields")
		assert(nic.netmask == nil and nic[3] == nil, "None is nil")
		assert(nic._fields[5] == "ptp", "_fields of snicaddr")
		local n = 0
		for k in pairs(vm) do assert(type(k) == "number") n = n + 1 end
		assert(n == 11, "pairs walks the values by position, as Python iterates a tuple: " .. n)
		local a, b, c = unpack(vm)
		assert(a == 100 and b == 40 and c == 60, "unpack")
		assert(not pcall(function() return vm.nosuch end) and rawget(vm, "nosuch") == nil, "unknown fields are an error")
		vm.total = 7
		assert(tostring(vm):find("total=7,", 1, true), "repr reads current values")
	`)
	if err != nil {
		t.Fatal(err)
	}
}
