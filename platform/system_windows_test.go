package platform

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/sys/windows"
)

// These tests read the live system. Under wine, which passes many of the
// host's values through, they compare with the host's own files (wine's
// Z: drive is the host's /) and with facts tests/wine/go-wine-exec reads
// on the host (nproc, statfs, ip addr); on Windows those comparisons are
// skipped.

// underWine reports whether the test runs under wine, whose ntdll exports
// wine_get_version.
func underWine() bool {
	return windows.NewLazySystemDLL("ntdll.dll").NewProc("wine_get_version").Find() == nil
}

// hostFile reads a file of the Linux host under wine, skipping the test
// elsewhere.
func hostFile(t *testing.T, path string) []byte {
	t.Helper()
	if !underWine() {
		t.Skip("not under wine: no host file " + path)
	}
	b, err := os.ReadFile(`Z:` + strings.ReplaceAll(path, "/", `\`))
	if err != nil {
		t.Skipf("host file: %v", err)
	}
	return b
}

func hostEnv(t *testing.T, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" || !underWine() {
		t.Skip(name + " not set (tests/wine/go-wine-exec sets it under wine)")
	}
	return v
}

func TestWinVirtualMemoryTotalIsHostMemTotal(t *testing.T) {
	// wine's GlobalMemoryStatusEx reads /proc/meminfo.
	var memTotal uint64
	for line := range strings.Lines(string(hostFile(t, "/proc/meminfo"))) {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
			memTotal, _ = strconv.ParseUint(f[1], 10, 64)
		}
	}
	vm, err := New(LiveFS()).VirtualMemory()
	if err != nil {
		t.Fatal(err)
	}
	// Measured: wine 8 reports one page less than MemTotal.
	if d := int64(vm.Total) - int64(memTotal*1024); d < -4096 || d > 0 {
		t.Errorf("total = %d, host MemTotal = %d kB", vm.Total, memTotal)
	}
	if vm.Available > vm.Total || vm.Used+vm.Available != vm.Total || vm.Free != vm.Available {
		t.Errorf("inconsistent %+v", vm)
	}
	if vm.Percent <= 0 || vm.Percent >= 100 {
		t.Errorf("percent = %v", vm.Percent)
	}
}

func TestWinSwapMemory(t *testing.T) {
	sm, err := New(LiveFS()).SwapMemory()
	if err != nil {
		t.Fatal(err)
	}
	if sm.Used+sm.Free != sm.Total || sm.Percent < 0 || sm.Percent > 100 || sm.Sin != 0 || sm.Sout != 0 {
		t.Errorf("inconsistent %+v", sm)
	}
}

func TestWinCPUCountIsNproc(t *testing.T) {
	s := New(LiveFS())
	logical, err := s.CPUCount(true)
	if err != nil {
		t.Fatal(err)
	}
	cores, err := s.CPUCount(false)
	if err != nil {
		t.Fatal(err)
	}
	if cores < 1 || cores > logical {
		t.Errorf("cores = %d, logical = %d", cores, logical)
	}
	if nproc := hostEnv(t, "PSULUA_HOST_NPROC"); strconv.Itoa(logical) != nproc {
		t.Errorf("cpu_count() = %d, nproc = %s", logical, nproc)
	}
}

func TestWinCPUTimes(t *testing.T) {
	s := New(LiveFS())
	all, err := s.CPUTimes()
	if err != nil {
		t.Fatal(err)
	}
	per, err := s.PerCPUTimes()
	if err != nil {
		t.Fatal(err)
	}
	n, _ := s.CPUCount(true)
	if len(per) != n {
		t.Fatalf("%d per-CPU entries for %d CPUs", len(per), n)
	}
	var user, idle float64
	for _, c := range per {
		if c.User < 0 || c.System < 0 || c.Idle < 0 || c.Irq < 0 {
			t.Errorf("negative time in %+v", c)
		}
		user += c.User
		idle += c.Idle
	}
	// GetSystemTimes is the sum of the processors, read a moment apart.
	if all.User <= 0 || all.User < user-1 || all.User > user+5 {
		t.Errorf("user = %v, per-CPU sum %v", all.User, user)
	}
	if _, err := s.CPUPercent(context.Background(), 0); err != nil {
		t.Error(err)
	}
	if st, err := s.CPUStats(); err != nil || st.SoftInterrupts != 0 {
		t.Errorf("cpu_stats() = %+v, %v", st, err)
	}
}

func TestWinCPUFreqAndLoadAvg(t *testing.T) {
	s := New(LiveFS())
	f, err := s.CPUFreq()
	if err != nil {
		t.Fatal(err)
	}
	if f.Current <= 0 || f.Max <= 0 || f.Min != 0 {
		t.Errorf("cpu_freq() = %+v", f)
	}
	// The emulation starts with zeros, as psutil's.
	l, err := s.LoadAvg()
	if err != nil || l != [3]float64{} {
		t.Errorf("getloadavg() = %v, %v", l, err)
	}
}

func TestWinBootTimeIsHostBtime(t *testing.T) {
	var btime float64
	for line := range strings.Lines(string(hostFile(t, "/proc/stat"))) {
		if v, ok := strings.CutPrefix(line, "btime "); ok {
			btime, _ = strconv.ParseFloat(strings.TrimSpace(v), 64)
		}
	}
	bt, err := New(LiveFS()).BootTime()
	if err != nil {
		t.Fatal(err)
	}
	if d := bt - btime; d < -2 || d > 2 {
		t.Errorf("boot_time() = %v, host btime %v", bt, btime)
	}
}

func TestWinDiskPartitionsAndUsage(t *testing.T) {
	s := New(LiveFS())
	parts, err := s.DiskPartitions(false)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(parts, func(p DiskPartition) bool { return p.Mountpoint == `C:\` })
	if i < 0 {
		t.Fatalf("no C: in %+v", parts)
	}
	if c := parts[i]; c.Device != `C:\` || c.Fstype == "" || c.Opts != "rw,fixed" {
		t.Errorf("C: is %+v", c)
	}
	du, err := s.DiskUsage(`C:\`)
	if err != nil {
		t.Fatal(err)
	}
	if du.Total == 0 || du.Free > du.Total || du.Percent <= 0 || du.Percent > 100 {
		t.Errorf("disk_usage = %+v", du)
	}
	// C: is the prefix's drive_c: statfs of that folder on the host.
	f := strings.Fields(hostEnv(t, "PSULUA_WINE_C_STATFS"))
	bsize, _ := strconv.ParseUint(f[0], 10, 64)
	blocks, _ := strconv.ParseUint(f[1], 10, 64)
	avail, _ := strconv.ParseUint(f[3], 10, 64)
	if du.Total != bsize*blocks {
		t.Errorf("total = %d, statfs %d x %d", du.Total, blocks, bsize)
	}
	if d := int64(du.Free) - int64(avail*bsize); d < -1<<30 || d > 1<<30 {
		t.Errorf("free = %d, statfs avail %d x %d", du.Free, avail, bsize)
	}
	// A file is answered for its directory, as psutil does.
	if _, err := s.DiskUsage(`C:\windows\system32\kernel32.dll`); err != nil {
		t.Error(err)
	}
	if _, err := s.DiskUsage(`C:\no\such\dir`); err == nil {
		t.Error("no error for a missing path")
	}
}

func TestWinDiskIOCounters(t *testing.T) {
	// wine answers IOCTL_DISK_PERFORMANCE for no disk: an empty map (the
	// structure's parsing is tested in internal/winapi).
	m, err := New(LiveFS()).PerDiskIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	if underWine() && len(m) != 0 {
		t.Logf("wine answered for %d disks", len(m))
	}
}

// hostNetDev reads the host's /proc/net/dev: NIC -> bytes received, sent.
func hostNetDev(t *testing.T) map[string][2]uint64 {
	t.Helper()
	m := map[string][2]uint64{}
	sc := bufio.NewScanner(bytes.NewReader(hostFile(t, "/proc/net/dev")))
	for sc.Scan() {
		name, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) < 16 {
			continue
		}
		rx, _ := strconv.ParseUint(f[0], 10, 64)
		tx, _ := strconv.ParseUint(f[8], 10, 64)
		m[strings.TrimSpace(name)] = [2]uint64{rx, tx}
	}
	return m
}

func TestWinNetIOCountersAreHostNetDev(t *testing.T) {
	before := hostNetDev(t)
	got, err := New(LiveFS()).PerNicIOCounters(false)
	if err != nil {
		t.Fatal(err)
	}
	after := hostNetDev(t)
	if len(got) == 0 {
		t.Fatal("no NIC")
	}
	for name, c := range got {
		b, ok := before[name]
		a := after[name]
		if !ok {
			t.Errorf("NIC %q is not in the host's /proc/net/dev", name)
			continue
		}
		if c.BytesRecv < b[0] || c.BytesRecv > a[0] || c.BytesSent < b[1] || c.BytesSent > a[1] {
			t.Errorf("%s: recv %d sent %d, host before %v after %v", name, c.BytesRecv, c.BytesSent, b, a)
		}
	}
}

func TestWinNetIfAddrsAreHostAddrs(t *testing.T) {
	s := New(LiveFS())
	addrs, err := s.NetIfAddrs()
	if err != nil {
		t.Fatal(err)
	}
	for _, nicAddr := range strings.Fields(hostEnv(t, "PSULUA_HOST_IPV4")) {
		nic, cidr, _ := strings.Cut(nicAddr, "=")
		ip, ipnet, err := net.ParseCIDR(cidr)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(addrs[nic], func(a NetIfAddr) bool {
			return a.Family == AF_INET && a.Address != nil && *a.Address == ip.String()
		})
		if i < 0 {
			t.Errorf("%s: %s missing from %v", nic, ip, addrs[nic])
			continue
		}
		if a := addrs[nic][i]; a.Netmask == nil || *a.Netmask != net.IP(ipnet.Mask).String() {
			t.Errorf("%s: netmask of %s is %v, want %s", nic, ip, a.Netmask, net.IP(ipnet.Mask))
		}
		// The MAC address, in Windows' notation.
		mac := strings.TrimSpace(string(hostFile(t, "/sys/class/net/"+nic+"/address")))
		if mac == "00:00:00:00:00:00" {
			continue
		}
		want := strings.ToUpper(strings.ReplaceAll(mac, ":", "-"))
		if !slices.ContainsFunc(addrs[nic], func(a NetIfAddr) bool {
			return a.Family == AF_LINK && a.Address != nil && *a.Address == want
		}) {
			t.Errorf("%s: MAC %s missing from %v", nic, want, addrs[nic])
		}
	}
}

func TestWinNetIfStatsAreHostSysfs(t *testing.T) {
	stats, err := New(LiveFS()).NetIfStats()
	if err != nil {
		t.Fatal(err)
	}
	for name, st := range stats {
		mtu := strings.TrimSpace(string(hostFile(t, "/sys/class/net/"+name+"/mtu")))
		if strconv.Itoa(st.MTU) != mtu {
			t.Errorf("%s: mtu %d, host %s", name, st.MTU, mtu)
		}
		if oper := strings.TrimSpace(string(hostFile(t, "/sys/class/net/"+name+"/operstate"))); oper == "up" && !st.Isup {
			t.Errorf("%s: down, host operstate up", name)
		}
	}
}

func TestWinNetConnectionsListener(t *testing.T) {
	// wine's TCP table is the host's; UDP sockets do not work under wine.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	s := New(LiveFS())
	conns, err := s.NetConnections("tcp4")
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(conns, func(c Conn) bool { return c.Laddr.Port == port })
	if i < 0 {
		t.Fatalf("listener on port %d not in %d connections", port, len(conns))
	}
	c := conns[i]
	if c.Status != CONN_LISTEN || c.Family != AF_INET || c.Type != SOCK_STREAM || c.Laddr.IP != "127.0.0.1" ||
		!c.Raddr.IsZero() || c.Fd != -1 || c.Pid == nil {
		t.Errorf("listener = %+v", c)
	}
	if *c.Pid == os.Getpid() {
		mine, err := s.connectionsOfPid(os.Getpid(), "tcp")
		if err != nil || !slices.ContainsFunc(mine, func(c ProcessConn) bool { return c.Laddr.Port == port }) {
			t.Errorf("Process.net_connections() = %v, %v", mine, err)
		}
	} else if !underWine() {
		t.Errorf("pid %d, want %d", *c.Pid, os.Getpid())
	}
	if _, err := s.NetConnections("inet6"); err != nil {
		t.Error(err)
	}
	if _, err := s.NetConnections("udp"); err != nil {
		t.Error(err)
	}
}

func TestWinUsersAndBattery(t *testing.T) {
	s := New(LiveFS())
	users, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if u.Name == "" || u.Terminal != nil {
			t.Errorf("user %+v", u)
		}
	}
	b, err := s.SensorsBattery()
	if err != nil {
		t.Fatal(err)
	}
	if b != nil && (b.Percent < 0 || b.Percent > 100 || b.PowerPlugged == nil) {
		t.Errorf("battery %+v", *b)
	}
	if _, err := s.SensorsTemperatures(false); err == nil {
		t.Error("sensors_temperatures implemented on Windows?")
	}
}
