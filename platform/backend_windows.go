package platform

import (
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/psulua/psulua/platform/internal/winapi"
	"golang.org/x/sys/windows"
)

// windowsSystem is the system backend of Windows: the Win32 and native
// calls psutil's _psutil_windows module makes (psutil/arch/windows),
// through golang.org/x/sys/windows and internal/winapi. FS is not used:
// Windows has no files to read these from.
type windowsSystem struct{}

func newSystemBackend() systemBackend { return windowsSystem{} }

// The NtQuerySystemInformation classes psulua reads.
const (
	winSystemPerformanceInformation          = 2
	winSystemProcessInformation              = 5
	winSystemProcessorPerformanceInformation = 8
	winSystemInterruptInformation            = 23
)

func winTicks(t uint64) float64 { return float64(t) / winapi.TicksPerSecond }

// cpu_times(): GetSystemTimes for user, system and idle (system without
// idle, which kernel time includes), and irq (interrupt) and dpc summed
// over the processors, as psutil does.
func (windowsSystem) cpuTimes(FS) (CPUTimes, error) {
	idle, kernel, user, err := winapi.GetSystemTimes()
	if err != nil {
		return CPUTimes{}, err
	}
	t := CPUTimes{User: winTicks(user), System: winTicks(kernel - idle), Idle: winTicks(idle)}
	per, err := winProcessorTimes()
	if err != nil {
		return CPUTimes{}, err
	}
	for _, c := range per {
		t.Irq += winTicks(c.Interrupt)
		t.Dpc += winTicks(c.Dpc)
	}
	return t, nil
}

func winProcessorTimes() ([]winapi.ProcessorTimes, error) {
	n := winNumCPUs()
	buf, _, err := winapi.SystemInformation(winSystemProcessorPerformanceInformation, 48*n)
	if err != nil {
		return nil, err
	}
	return winapi.ParseProcessorTimes(buf[:len(buf)/48*48])
}

// winNumCPUs is the number of logical processors of every group.
func winNumCPUs() int {
	if n := windows.GetActiveProcessorCount(windows.ALL_PROCESSOR_GROUPS); n > 0 {
		return int(n)
	}
	return 1
}

// cpu_times(percpu=True): user, system (kernel minus idle), idle, irq
// (the interrupt time) and dpc.
func (windowsSystem) perCPUTimes(FS) ([]CPUTimes, error) {
	per, err := winProcessorTimes()
	if err != nil {
		return nil, err
	}
	out := make([]CPUTimes, len(per))
	for i, c := range per {
		out[i] = CPUTimes{User: winTicks(c.User), System: winTicks(c.Kernel - c.Idle), Idle: winTicks(c.Idle),
			Irq: winTicks(c.Interrupt), Dpc: winTicks(c.Dpc)}
	}
	return out, nil
}

// cpu_stats(): context switches and system calls from the system
// performance information, interrupts summed over the processors; soft
// interrupts are 0 (psutil reads the DPC count but does not report it).
func (windowsSystem) cpuStats(FS) (CPUStats, error) {
	buf, _, err := winapi.SystemInformation(winSystemPerformanceInformation, winapi.SystemPerformanceSize)
	if err != nil {
		return CPUStats{}, err
	}
	perf, err := winapi.ParseSystemPerformance(buf)
	if err != nil {
		return CPUStats{}, err
	}
	per, err := winProcessorTimes()
	if err != nil {
		return CPUStats{}, err
	}
	var irqs uint64
	for _, c := range per {
		irqs += uint64(c.InterruptCount)
	}
	return CPUStats{CtxSwitches: uint64(perf.ContextSwitches), Interrupts: irqs, Syscalls: uint64(perf.SystemCalls)}, nil
}

func (windowsSystem) cpuCountLogical(FS) (int, error) { return winNumCPUs(), nil }

// cpu_count(logical=False): the processor-core records of
// GetLogicalProcessorInformationEx.
func (windowsSystem) cpuCountCores(FS) (int, error) {
	buf, err := winapi.LogicalProcessorInformation()
	if err != nil {
		return 0, nil // psutil: None
	}
	n, err := winapi.CountCores(buf)
	if err != nil {
		return 0, nil
	}
	return n, nil
}

// cpu_freq(): the first processor's current and maximum frequency from
// CallNtPowerInformation; Windows has no per-CPU answer, and min is 0.
func (windowsSystem) cpuFreqs(FS) ([]CPUFreq, error) {
	ppi, err := winapi.ProcessorPower(winNumCPUs())
	if err != nil {
		return nil, err
	}
	return []CPUFreq{{Current: float64(ppi[0].CurrentMhz), Max: float64(ppi[0].MaxMhz)}}, nil
}

// getloadavg(): Windows has no load average. psutil emulates it from the
// processor queue, sampled every 5 seconds by a timer started on the first
// call (which returns zeros), into the 1, 5 and 15 minute exponential
// averages Linux keeps. Here the sample is the number of threads running
// or ready to run.
func (windowsSystem) loadAvg(FS) ([3]float64, error) {
	winLoad.once.Do(func() { go winLoad.run() })
	winLoad.mu.Lock()
	defer winLoad.mu.Unlock()
	var out [3]float64
	for i, v := range winLoad.avg {
		out[i] = math.Round(v*100) / 100
	}
	return out, nil
}

// winLoadAvg is the state of the getloadavg emulation, one per program
// as psutil's.
type winLoadAvg struct {
	once sync.Once
	mu   sync.Mutex
	avg  [3]float64
}

var winLoad winLoadAvg

const winLoadInterval = 5 * time.Second

func winRunnable() (int, error) {
	buf, base, err := winapi.SystemInformation(winSystemProcessInformation, 256<<10)
	if err != nil {
		return 0, err
	}
	procs, err := winapi.ParseProcesses(buf, base)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, p := range procs {
		if p.Pid == 0 {
			continue // the idle process's threads always run
		}
		for _, t := range p.Threads {
			if t.State == 1 || t.State == 2 { // Ready, Running
				n++
			}
		}
	}
	return n, nil
}

func (l *winLoadAvg) run() {
	decay := [3]float64{}
	for i, minutes := range [3]float64{1, 5, 15} {
		decay[i] = math.Exp(-winLoadInterval.Seconds() / (minutes * 60))
	}
	for range time.Tick(winLoadInterval) {
		n, err := winRunnable()
		if err != nil {
			continue
		}
		l.mu.Lock()
		for i := range l.avg {
			l.avg[i] = l.avg[i]*decay[i] + float64(n)*(1-decay[i])
		}
		l.mu.Unlock()
	}
}

// virtual_memory(): total and available physical memory from
// GlobalMemoryStatusEx (exact to the byte, where GetPerformanceInfo counts
// whole pages), free being the available memory and used the rest, as in
// psutil; cached is GetPerformanceInfo's system cache and wired its
// kernel non-paged pool.
func (windowsSystem) virtualMemory(FS, uint64) (VirtualMemory, string, error) {
	ms, err := winapi.GlobalMemoryStatusEx()
	if err != nil {
		return VirtualMemory{}, "", err
	}
	pi, err := winapi.GetPerformanceInfo()
	if err != nil {
		return VirtualMemory{}, "", err
	}
	total, avail := ms.TotalPhys, min(ms.AvailPhys, ms.TotalPhys)
	return VirtualMemory{
		Total: total, Available: avail, Free: avail, Used: total - avail,
		Percent: usagePercent(float64(total-avail), float64(total)),
		Cached:  uint64(pi.SystemCache) * uint64(pi.PageSize),
		Wired:   uint64(pi.KernelNonpaged) * uint64(pi.PageSize),
	}, "", nil
}

// swap_memory(): the page files' size is the commit limit minus the
// physical memory, and their use the "\Paging File(_Total)\% Usage"
// performance counter, as psutil computes them. Where that counter cannot
// be read (wine has none), the use is the commit charge beyond the
// physical memory in use. Sin and sout are 0: Windows does not count them.
func (windowsSystem) swapMemory(FS) (SwapMemory, string, error) {
	pi, err := winapi.GetPerformanceInfo()
	if err != nil {
		return SwapMemory{}, "", err
	}
	ps := uint64(pi.PageSize)
	physTotal := uint64(pi.PhysicalTotal) * ps
	limit := uint64(pi.CommitLimit) * ps
	var sm SwapMemory
	if limit <= physTotal {
		return sm, "", nil
	}
	sm.Total = limit - physTotal
	if pct, err := winapi.CounterValue(`\Paging File(_Total)\% Usage`); err == nil {
		sm.Used = min(uint64(0.01*pct*float64(sm.Total)), sm.Total)
		sm.Percent = math.Round(pct*10) / 10
	} else {
		physUsed := physTotal - uint64(pi.PhysicalAvailable)*ps
		if commit := uint64(pi.CommitTotal) * ps; commit > physUsed {
			sm.Used = min(commit-physUsed, sm.Total)
		}
		sm.Percent = usagePercent(float64(sm.Used), float64(sm.Total))
	}
	sm.Free = sm.Total - sm.Used
	return sm, "", nil
}

// disk_partitions(all): the logical drives; without all, only fixed,
// removable and optical drives with a medium (the drive types psutil
// keeps). opts is "rw" or "ro" and the drive type, as psutil writes it.
func (windowsSystem) diskPartitions(_ FS, all bool) ([]DiskPartition, error) {
	buf := make([]uint16, 254)
	n, err := windows.GetLogicalDriveStrings(uint32(len(buf)), &buf[0])
	if err != nil {
		return nil, err
	}
	var out []DiskPartition
	for _, drive := range winSplitMulti(buf[:n]) {
		root, _ := windows.UTF16PtrFromString(drive)
		dtype := windows.GetDriveType(root)
		var typeName string
		switch dtype {
		case windows.DRIVE_REMOVABLE:
			typeName = "removable"
		case windows.DRIVE_FIXED:
			typeName = "fixed"
		case windows.DRIVE_REMOTE:
			typeName = "remote"
		case windows.DRIVE_CDROM:
			typeName = "cdrom"
		case windows.DRIVE_RAMDISK:
			typeName = "ramdisk"
		case windows.DRIVE_NO_ROOT_DIR:
			typeName = "unmounted"
		default:
			typeName = "unknown"
		}
		if !all && (dtype == windows.DRIVE_REMOTE || dtype == windows.DRIVE_RAMDISK ||
			dtype == windows.DRIVE_NO_ROOT_DIR || dtype == windows.DRIVE_UNKNOWN) {
			continue
		}
		var fsName [windows.MAX_PATH + 1]uint16
		var flags uint32
		err := windows.GetVolumeInformation(root, nil, 0, nil, nil, &flags, &fsName[0], uint32(len(fsName)))
		if err != nil {
			if !all {
				continue // a removable or optical drive without a medium
			}
			flags = 0
		}
		opts := "rw"
		if flags&windows.FILE_READ_ONLY_VOLUME != 0 {
			opts = "ro"
		}
		out = append(out, DiskPartition{
			Device: drive, Mountpoint: drive, Fstype: windows.UTF16ToString(fsName[:]),
			Opts: opts + "," + typeName,
		})
	}
	return out, nil
}

// winSplitMulti splits a list of NUL-terminated strings ending with an
// empty one.
func winSplitMulti(w []uint16) []string {
	var out []string
	for start := 0; start < len(w); {
		end := start
		for end < len(w) && w[end] != 0 {
			end++
		}
		if end > start {
			out = append(out, windows.UTF16ToString(w[start:end]))
		}
		start = end + 1
	}
	return out
}

// disk_usage(path): GetDiskFreeSpaceEx; a path that names a file is
// answered for its directory, as psutil does.
func (windowsSystem) diskUsage(path string) (total, availRoot, availUser uint64, err error) {
	if fi, serr := os.Stat(path); serr == nil && !fi.IsDir() {
		if abs, aerr := filepath.Abs(path); aerr == nil {
			path = filepath.Dir(abs)
		}
	}
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return 0, 0, 0, err
	}
	var user, tot, free uint64
	if err := windows.GetDiskFreeSpaceEx(p, &user, &tot, &free); err != nil {
		return 0, 0, 0, err
	}
	return tot, free, user, nil
}

// disk_io_counters(): IOCTL_DISK_PERFORMANCE on each \\.\PhysicalDriveN,
// as psutil does, keyed "PhysicalDriveN". A disk that does not answer is
// left out (wine answers for none). Windows counts no merged I/O, and
// times are in 100 ns ticks, given here in milliseconds.
func (windowsSystem) diskIOCounters(FS, bool) (map[string][]uint64, error) {
	out := map[string][]uint64{}
	for i := 0; i < 32; i++ {
		name := "PhysicalDrive" + itoa(i)
		path, _ := windows.UTF16PtrFromString(`\\.\` + name)
		h, err := windows.CreateFile(path, 0, windows.FILE_SHARE_READ|windows.FILE_SHARE_WRITE, nil, windows.OPEN_EXISTING, 0, 0)
		if err != nil {
			if err == windows.ERROR_FILE_NOT_FOUND || err == windows.ERROR_PATH_NOT_FOUND {
				break
			}
			continue
		}
		var buf [winapi.DiskPerformanceSize]byte
		var n uint32
		err = windows.DeviceIoControl(h, winIoctlDiskPerformance, nil, 0, &buf[0], uint32(len(buf)), &n, nil)
		windows.CloseHandle(h)
		if err != nil {
			continue
		}
		dp, err := winapi.ParseDiskPerformance(buf[:n])
		if err != nil {
			continue
		}
		out[name] = winDiskCounters(dp)
	}
	return out, nil
}

// IOCTL_DISK_PERFORMANCE: CTL_CODE(IOCTL_DISK_BASE, 8, METHOD_BUFFERED,
// FILE_ANY_ACCESS).
const winIoctlDiskPerformance = 0x70020

// winDiskCounters orders a DISK_PERFORMANCE as DiskIOCounters' fields.
func winDiskCounters(dp winapi.DiskPerformance) []uint64 {
	return []uint64{uint64(dp.ReadCount), uint64(dp.WriteCount), dp.BytesRead, dp.BytesWritten,
		dp.ReadTime / 10000, dp.WriteTime / 10000, 0, 0, 0}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + string(rune('0'+i%10))
}

// winAdapters returns GetAdaptersAddresses's list, with the addresses.
func winAdapters() ([]*windows.IpAdapterAddresses, error) {
	size := uint32(15 << 10)
	for {
		buf := make([]byte, size)
		first := (*windows.IpAdapterAddresses)(unsafe.Pointer(&buf[0]))
		err := windows.GetAdaptersAddresses(windows.AF_UNSPEC, windows.GAA_FLAG_INCLUDE_PREFIX, 0, first, &size)
		if err == windows.ERROR_BUFFER_OVERFLOW {
			continue
		}
		if err != nil {
			return nil, err
		}
		var out []*windows.IpAdapterAddresses
		for a := first; a != nil; a = a.Next {
			out = append(out, a)
		}
		return out, nil
	}
}

// net_io_counters(pernic=True): GetIfEntry2 of each adapter, by its
// friendly name, as psutil does.
func (windowsSystem) netIOCounters(FS) (map[string][]uint64, error) {
	ads, err := winAdapters()
	if err != nil {
		return nil, err
	}
	out := map[string][]uint64{}
	for _, a := range ads {
		var row windows.MibIfRow2
		row.InterfaceIndex = a.IfIndex
		if row.InterfaceIndex == 0 {
			row.InterfaceIndex = a.Ipv6IfIndex
		}
		if err := winapi.GetIfEntry2(&row); err != nil {
			continue
		}
		out[windows.UTF16PtrToString(a.FriendlyName)] = []uint64{
			row.OutOctets, row.InOctets,
			row.OutUcastPkts + row.OutNUcastPkts, row.InUcastPkts + row.InNUcastPkts,
			row.InErrors, row.OutErrors, row.InDiscards, row.OutDiscards,
		}
	}
	return out, nil
}

// net_if_addrs(): each adapter's MAC address (AF_LINK, "-" separated as
// psutil writes it on Windows) and its unicast addresses with the netmask
// of their prefix length.
func (windowsSystem) netIfAddrs(FS) ([]netRawAddr, error) {
	ads, err := winAdapters()
	if err != nil {
		return nil, err
	}
	var out []netRawAddr
	for _, a := range ads {
		name := windows.UTF16PtrToString(a.FriendlyName)
		if a.PhysicalAddressLength > 0 {
			var b strings.Builder
			for i := uint32(0); i < a.PhysicalAddressLength; i++ {
				if i > 0 {
					b.WriteByte('-')
				}
				const hex = "0123456789ABCDEF"
				b.WriteByte(hex[a.PhysicalAddress[i]>>4])
				b.WriteByte(hex[a.PhysicalAddress[i]&15])
			}
			mac := b.String()
			out = append(out, netRawAddr{name: name, family: AF_LINK, addr: &mac})
		}
		for u := a.FirstUnicastAddress; u != nil; u = u.Next {
			ip, ok := winSockaddr(u.Address)
			if !ok {
				continue
			}
			addr := ip.String()
			fam := AF_INET
			if ip.Is6() {
				fam = AF_INET6
			}
			r := netRawAddr{name: name, family: fam, addr: &addr}
			if p, err := ip.Prefix(int(u.OnLinkPrefixLength)); err == nil {
				mask := winPrefixMask(ip.BitLen(), p.Bits())
				r.mask = &mask
			}
			out = append(out, r)
		}
	}
	return out, nil
}

func winSockaddr(sa windows.SocketAddress) (netip.Addr, bool) {
	if sa.Sockaddr == nil {
		return netip.Addr{}, false
	}
	switch sa.Sockaddr.Addr.Family {
	case windows.AF_INET:
		in := (*windows.RawSockaddrInet4)(unsafe.Pointer(sa.Sockaddr))
		return netip.AddrFrom4(in.Addr), true
	case windows.AF_INET6:
		in := (*windows.RawSockaddrInet6)(unsafe.Pointer(sa.Sockaddr))
		return netip.AddrFrom16(in.Addr), true
	}
	return netip.Addr{}, false
}

// winPrefixMask writes the netmask of a prefix length as an address.
func winPrefixMask(bitLen, bits int) string {
	b := make([]byte, bitLen/8)
	for i := 0; i < bits && i < bitLen; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	ip, _ := netip.AddrFromSlice(b)
	return ip.String()
}

// net_if_stats(): GetIfEntry2's operational and administrative status,
// transmit speed (in Mbit/s) and MTU, by friendly name, as psutil reads
// them. Windows gives no duplex (psutil reports full) and no flags.
func (windowsSystem) netIfStats(FS) (map[string]NetIfStats, error) {
	ads, err := winAdapters()
	if err != nil {
		return nil, err
	}
	out := map[string]NetIfStats{}
	for _, a := range ads {
		var row windows.MibIfRow2
		row.InterfaceIndex = a.IfIndex
		if row.InterfaceIndex == 0 {
			row.InterfaceIndex = a.Ipv6IfIndex
		}
		if err := winapi.GetIfEntry2(&row); err != nil {
			continue
		}
		const adminUp = 1 // NET_IF_ADMIN_STATUS_UP
		isup := row.OperStatus == windows.IfOperStatusUp && row.AdminStatus == adminUp
		speed := row.TransmitLinkSpeed / 1_000_000
		if speed > math.MaxInt32 {
			speed = 0 // unknown: the all-ones value
		}
		out[windows.UTF16PtrToString(a.FriendlyName)] = NetIfStats{Isup: isup, Duplex: NIC_DUPLEX_FULL, Speed: int(speed), MTU: int(row.Mtu)}
	}
	return out, nil
}

// boot_time(): now minus the milliseconds since boot, as psutil computes
// it (GetTickCount64 counts time asleep too).
func (windowsSystem) bootTime(FS) (float64, error) {
	now := time.Now()
	up := time.Duration(winapi.GetTickCount64()) * time.Millisecond
	return float64(now.Add(-up).Unix()), nil
}

// users(): the active sessions of WTSEnumerateSessions with a user name.
// Windows gives no terminal; the host is the client's address, None
// locally; started is the session's logon time.
func (windowsSystem) users(FS) ([]User, error) {
	var sessions *windows.WTS_SESSION_INFO
	var n uint32
	if err := windows.WTSEnumerateSessions(0, 0, 1, &sessions, &n); err != nil {
		return nil, err
	}
	defer windows.WTSFreeMemory(uintptr(unsafe.Pointer(sessions)))
	out := []User{}
	for _, s := range unsafe.Slice(sessions, n) {
		b, err := winapi.WTSQuerySession(s.SessionID, winapi.WTSUserName)
		if err != nil {
			continue
		}
		name := winapi.UTF16Bytes(b, 0, len(b))
		if name == "" {
			continue
		}
		u := User{Name: name}
		if addr, err := winapi.WTSQuerySession(s.SessionID, winapi.WTSClientAddress); err == nil {
			if host := winapi.WTSClientIPv4(addr); host != "" {
				u.Host = &host
			}
		}
		if info, err := winapi.WTSQuerySession(s.SessionID, winapi.WTSSessionInfo); err == nil {
			u.Started = winapi.WTSLogonTime(info)
		}
		out = append(out, u)
	}
	return out, nil
}

// sensors_battery(): GetSystemPowerStatus; nil when the system says it
// has no battery (flag 128).
func (windowsSystem) sensorsBattery(FS) (*Battery, error) {
	st, err := winapi.GetSystemPowerStatus()
	if err != nil {
		return nil, err
	}
	return winBattery(st.ACLineStatus, st.BatteryFlag, st.BatteryLifePercent, st.BatteryLifeTime), nil
}

// winBattery is psutil's sensors_battery over SYSTEM_POWER_STATUS.
func winBattery(acLine, flags, percent byte, lifeTime uint32) *Battery {
	if flags&128 != 0 {
		return nil
	}
	plugged := acLine == 1
	b := &Battery{Percent: float64(percent), PowerPlugged: &plugged}
	switch {
	case plugged || flags&8 != 0:
		b.Secsleft = POWER_TIME_UNLIMITED
	case lifeTime == math.MaxUint32:
		b.Secsleft = POWER_TIME_UNKNOWN
	default:
		b.Secsleft = BatteryTime(lifeTime)
	}
	return b
}

func (windowsSystem) sensorsTemperatures(FS) (map[string][]Temperature, error) {
	return nil, notImplemented("sensors_temperatures")
}
func (windowsSystem) sensorsFans(FS) (map[string][]Fan, error) {
	return nil, notImplemented("sensors_fans")
}
