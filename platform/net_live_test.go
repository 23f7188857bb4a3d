//go:build linux

package platform

import (
	"encoding/hex"
	"encoding/json"
	"math/rand/v2"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/psulua/psulua/platform/internal/inet"
)

func TestNetIOCountersLive(t *testing.T) {
	// psutil's sample, taken between two of ours, lies between them: the
	// counters only grow.
	before, err := Default.PerNicIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	var py map[string]map[string]uint64
	pyPsutil(t, "{k: v._asdict() for k, v in psutil.net_io_counters(pernic=True, nowrap=False).items()}", &py)
	after, err := Default.PerNicIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	if len(py) == 0 {
		t.Fatal("psutil sees no NIC")
	}
	if !reflect.DeepEqual(netKeys(before), netKeys(py)) {
		t.Fatalf("NICs: ours %v, psutil %v", netKeys(before), netKeys(py))
	}
	fields := []string{"bytes_sent", "bytes_recv", "packets_sent", "packets_recv", "errin", "errout", "dropin", "dropout"}
	for name, p := range py {
		b, a := netIOFromStruct(before[name]), netIOFromStruct(after[name])
		for i, f := range fields {
			if p[f] < b[i] || p[f] > a[i] {
				t.Errorf("%s %s: psutil %d not within ours [%d, %d]", name, f, p[f], b[i], a[i])
			}
		}
	}

	total, err := Default.NetIOCounters(true)
	if err != nil || total == nil {
		t.Fatalf("NetIOCounters: %v, %v", total, err)
	}
	var pyTotal map[string]uint64
	pyPsutil(t, "psutil.net_io_counters()._asdict()", &pyTotal)
	if got, want := total.BytesRecv, pyTotal["bytes_recv"]; got > want || want-got > 1<<20 {
		t.Errorf("summed bytes_recv %d, psutil %d", got, want)
	}
}

func netIOFromStruct(c NetIOCounters) [8]uint64 {
	return [8]uint64{c.BytesSent, c.BytesRecv, c.PacketsSent, c.PacketsRecv, c.Errin, c.Errout, c.Dropin, c.Dropout}
}

func netKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// netIPLink is the part of `ip -j addr` / `ip -j link` the tests compare.
type netIPLink struct {
	Ifname    string   `json:"ifname"`
	Flags     []string `json:"flags"`
	MTU       int      `json:"mtu"`
	LinkType  string   `json:"link_type"`
	Address   *string  `json:"address"`
	Broadcast *string  `json:"broadcast"`
	AddrInfo  []struct {
		Family    string `json:"family"`
		Local     string `json:"local"`
		Peer      string `json:"address"`
		Prefixlen int    `json:"prefixlen"`
		Broadcast string `json:"broadcast"`
		Label     string `json:"label"`
	} `json:"addr_info"`
}

func netIPJSON(t *testing.T, args ...string) []netIPLink {
	t.Helper()
	out, err := exec.Command("ip", append([]string{"-j"}, args...)...).Output()
	if err != nil {
		t.Fatalf("ip -j %v: %v", args, err)
	}
	var links []netIPLink
	if err := json.Unmarshal(out, &links); err != nil {
		t.Fatalf("ip -j %v: %v", args, err)
	}
	if len(links) == 0 {
		t.Fatalf("ip -j %v lists no link", args)
	}
	return links
}

func TestNetIfAddrsLive(t *testing.T) {
	ours, err := Default.NetIfAddrs()
	if err != nil {
		t.Fatal(err)
	}
	var py map[string][]netPyAddr
	pyPsutil(t, `{k: [dict(family=int(a.family), address=a.address, netmask=a.netmask, broadcast=a.broadcast,
		ptp=a.ptp) for a in v] for k, v in psutil.net_if_addrs().items()}`, &py)
	netPsutil8Addrs(py)
	links := netIPJSON(t, "addr")

	// psutil 5.9.4 skips a link with no hardware address, psutil 8 lists
	// it as AF_UNSPEC: check those against ip, then compare the rest.
	got := netPyAddrs(ours)
	for name, addrs := range got {
		kept := addrs[:0]
		for _, a := range addrs {
			if a.Family != int(AF_UNSPEC) {
				kept = append(kept, a)
				continue
			}
			for _, l := range links {
				if l.Ifname == name && l.Address != nil {
					t.Errorf("%s is AF_UNSPEC but ip shows the address %s", name, *l.Address)
				}
			}
		}
		if len(kept) == 0 {
			delete(got, name)
		} else {
			got[name] = kept
		}
	}
	netDiffAddrs(t, "psutil", got, py)

	// Against ip: every address with its prefix length, peer and
	// broadcast, under the label it carries; every hardware address.
	for _, l := range links {
		for _, ai := range l.AddrInfo {
			name, fam := l.Ifname, AF_INET6
			if ai.Family == "inet" {
				name, fam = ai.Label, AF_INET
			}
			var found *NetIfAddr
			for i, a := range ours[name] {
				if a.Family == fam && a.Address != nil && strings.SplitN(*a.Address, "%", 2)[0] == ai.Local {
					found = &ours[name][i]
				}
			}
			if found == nil {
				t.Errorf("ip lists %s %s on %s; we do not: %v", ai.Family, ai.Local, name, ours[name])
				continue
			}
			if want := netFormatMask(uint8(fam), uint8(ai.Prefixlen)); found.Netmask == nil || *found.Netmask != want {
				t.Errorf("%s %s: netmask %v, ip says /%d", name, ai.Local, found.Netmask, ai.Prefixlen)
			}
			if ai.Peer != "" && slices.Contains(l.Flags, "POINTOPOINT") {
				if found.Ptp == nil || strings.SplitN(*found.Ptp, "%", 2)[0] != ai.Peer {
					t.Errorf("%s %s: ptp %v, ip says peer %s", name, ai.Local, found.Ptp, ai.Peer)
				}
			}
			if ai.Broadcast != "" && ai.Prefixlen < 32 && slices.Contains(l.Flags, "BROADCAST") {
				if found.Broadcast == nil || *found.Broadcast != ai.Broadcast {
					t.Errorf("%s %s: broadcast %v, ip says %s", name, ai.Local, found.Broadcast, ai.Broadcast)
				}
			}
		}
		var mac *NetIfAddr
		for i, a := range ours[l.Ifname] {
			if a.Family == AF_LINK {
				mac = &ours[l.Ifname][i]
			}
		}
		if l.Address == nil {
			if mac != nil {
				t.Errorf("%s: AF_LINK %v, ip shows no address", l.Ifname, mac.Address)
			}
			continue
		}
		if mac == nil || mac.Address == nil || (len(*l.Address) == 17 && *mac.Address != *l.Address) {
			t.Errorf("%s: AF_LINK %v, ip says %s", l.Ifname, mac, *l.Address)
		}
	}
}

func TestNetIfStatsLive(t *testing.T) {
	ours, err := Default.NetIfStats()
	if err != nil {
		t.Fatal(err)
	}
	var py map[string]NetIfStats
	pyPsutil(t, `{k: dict(Isup=v.isup, Duplex=int(v.duplex), Speed=v.speed, MTU=v.mtu, Flags=v.flags)
		for k, v in psutil.net_if_stats().items()}`, &py)
	if len(py) == 0 {
		t.Fatal("psutil sees no NIC")
	}
	if !reflect.DeepEqual(ours, py) {
		t.Errorf("ours   %+v\npsutil %+v", ours, py)
	}

	// Against ip: the same MTU and flags. ip prints the flags of the same
	// netlink answer but leaves out RUNNING, saying NO-CARRIER for a NIC up
	// without it, and adds LOWER_UP/DORMANT/ECHO, above the 16 bits psutil reads.
	for _, l := range netIPJSON(t, "link") {
		st, ok := ours[l.Ifname]
		if !ok {
			t.Errorf("ip lists %s, we do not", l.Ifname)
			continue
		}
		if st.MTU != l.MTU {
			t.Errorf("%s: mtu %d, ip says %d", l.Ifname, st.MTU, l.MTU)
		}
		var ipFlags []string
		for _, f := range l.Flags {
			switch f {
			case "LOWER_UP", "DORMANT", "ECHO", "NO-CARRIER", "M-DOWN":
				continue
			}
			ipFlags = append(ipFlags, strings.ToLower(f))
		}
		var flags []string
		for _, f := range strings.Split(st.Flags, ",") {
			if f != "running" && f != "" {
				flags = append(flags, f)
			}
		}
		slices.Sort(ipFlags)
		slices.Sort(flags)
		if !slices.Equal(flags, ipFlags) {
			t.Errorf("%s: flags %q, ip says %q", l.Ifname, st.Flags, l.Flags)
		}
		if want := slices.Contains(l.Flags, "UP") && !slices.Contains(l.Flags, "NO-CARRIER"); st.Isup != want {
			t.Errorf("%s: isup %v, ip flags %q", l.Ifname, st.Isup, l.Flags)
		}
	}
}

// TestNetIPv6FormatLive checks our inet_ntop against glibc's, through
// Python's socket.inet_ntop, on addresses rich in zero groups.
func TestNetIPv6FormatLive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var hexes []string
	var ours []string
	for range 500 {
		var a [16]byte
		for g := 0; g < 8; g++ {
			switch r.IntN(3) {
			case 0: // zero group
			case 1:
				a[2*g+1] = byte(r.IntN(256))
			default:
				a[2*g], a[2*g+1] = byte(r.IntN(256)), byte(r.IntN(256))
			}
		}
		if r.IntN(8) == 0 { // IPv4-mapped and IPv4-compatible shapes
			clear(a[:12])
			if r.IntN(2) == 0 {
				a[10], a[11] = 0xff, 0xff
			}
		}
		hexes = append(hexes, hex.EncodeToString(a[:]))
		ours = append(ours, string(inet.AppendIPv6(nil, a)))
	}
	b, _ := json.Marshal(hexes)
	var glibc []string
	pyPsutil(t, "[__import__('socket').inet_ntop(10, bytes.fromhex(h)) for h in "+string(b)+"]", &glibc)
	for i := range hexes {
		if ours[i] != glibc[i] {
			t.Errorf("%s: ours %s, inet_ntop %s", hexes[i], ours[i], glibc[i])
		}
	}
}
