package platform

import (
	"net/netip"
	"reflect"
	"testing"

	"github.com/psulua/psulua/platform/internal/winapi"
)

// The conversions of the Windows backend, on the structures wine does not
// fill (a battery, disk performance, sockets of other processes).

func TestWinBattery(t *testing.T) {
	yes, no := true, false
	for _, c := range []struct {
		name               string
		acLine, flags, pct byte
		life               uint32
		want               *Battery
	}{
		{"no battery", 1, 128, 255, 0xffffffff, nil},
		{"discharging", 0, 1, 57, 3600, &Battery{Percent: 57, Secsleft: 3600, PowerPlugged: &no}},
		{"discharging, time unknown", 0, 1, 57, 0xffffffff, &Battery{Percent: 57, Secsleft: POWER_TIME_UNKNOWN, PowerPlugged: &no}},
		{"plugged in", 1, 1, 99, 0xffffffff, &Battery{Percent: 99, Secsleft: POWER_TIME_UNLIMITED, PowerPlugged: &yes}},
		{"charging on battery flag", 0, 8, 40, 100, &Battery{Percent: 40, Secsleft: POWER_TIME_UNLIMITED, PowerPlugged: &no}},
	} {
		if got := winBattery(c.acLine, c.flags, c.pct, c.life); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, want %+v", c.name, got, c.want)
		}
	}
}

func TestWinDiskCounters(t *testing.T) {
	dp := winapi.DiskPerformance{BytesRead: 4096, BytesWritten: 8192, ReadTime: 50_000, WriteTime: 123_456_789,
		ReadCount: 3, WriteCount: 4}
	// Times are 100 ns ticks, reported in milliseconds; no merged counts.
	want := []uint64{3, 4, 4096, 8192, 5, 12345, 0, 0, 0}
	if got := winDiskCounters(dp); !reflect.DeepEqual(got, want) {
		t.Errorf("got %v", got)
	}
}

func TestWinConn(t *testing.T) {
	tcp := winapi.Socket{LocalAddr: netip.MustParseAddr("10.0.0.1"), LocalPort: 50000,
		RemoteAddr: netip.MustParseAddr("10.0.0.2"), RemotePort: 22, State: 5, Pid: 1234}
	c := winConn(AF_INET, SOCK_STREAM, tcp)
	if c.Status != CONN_ESTABLISHED || c.Laddr != (ConnAddr{IP: "10.0.0.1", Port: 50000}) ||
		c.Raddr != (ConnAddr{IP: "10.0.0.2", Port: 22}) || *c.Pid != 1234 || c.Fd != -1 {
		t.Errorf("tcp: %+v", c)
	}
	listen := winConn(AF_INET6, SOCK_STREAM, winapi.Socket{LocalAddr: netip.IPv6Unspecified(), LocalPort: 135,
		RemoteAddr: netip.IPv6Unspecified(), State: 2, Pid: 900})
	if listen.Status != CONN_LISTEN || listen.Laddr.IP != "::" || !listen.Raddr.IsZero() {
		t.Errorf("listener: %+v", listen)
	}
	udp := winConn(AF_INET, SOCK_DGRAM, winapi.Socket{LocalAddr: netip.MustParseAddr("0.0.0.0"), LocalPort: 5353, Pid: 77})
	if udp.Status != CONN_NONE || !udp.Raddr.IsZero() || udp.Laddr.Port != 5353 {
		t.Errorf("udp: %+v", udp)
	}
	for state, want := range map[uint32]string{1: CONN_CLOSE, 11: CONN_TIME_WAIT, 12: CONN_DELETE_TCB, 99: CONN_NONE} {
		if got := winTCPState(state); got != want {
			t.Errorf("state %d = %s, want %s", state, got, want)
		}
	}
}

func TestWinHelpers(t *testing.T) {
	if got := winPrefixMask(32, 20); got != "255.255.240.0" {
		t.Errorf("/20 = %s", got)
	}
	if got := winPrefixMask(128, 64); got != "ffff:ffff:ffff:ffff::" {
		t.Errorf("/64 = %s", got)
	}
	if got := winSplitMulti([]uint16{'C', ':', '\\', 0, 'D', ':', '\\', 0, 0}); !reflect.DeepEqual(got, []string{`C:\`, `D:\`}) {
		t.Errorf("drives %q", got)
	}
	if got := winMaskCPUs(0b1011); !reflect.DeepEqual(got, []int{0, 1, 3}) {
		t.Errorf("mask = %v", got)
	}
}
