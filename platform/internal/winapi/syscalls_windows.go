package winapi

import (
	"strings"
	"syscall"
	"unsafe"

	"golang.org/x/sys/windows"
)

// The calls x/sys/windows does not wrap. LazyDLL loads each library from
// system32 on first use.
var (
	kernel32 = windows.NewLazySystemDLL("kernel32.dll")
	iphlpapi = windows.NewLazySystemDLL("iphlpapi.dll")
	powrprof = windows.NewLazySystemDLL("powrprof.dll")
	ntdll    = windows.NewLazySystemDLL("ntdll.dll")
	wtsapi32 = windows.NewLazySystemDLL("wtsapi32.dll")

	procGetSystemTimes                   = kernel32.NewProc("GetSystemTimes")
	procGetPerformanceInfo               = kernel32.NewProc("K32GetPerformanceInfo")
	procGetProcessMemoryInfo             = kernel32.NewProc("K32GetProcessMemoryInfo")
	procGetSystemPowerStatus             = kernel32.NewProc("GetSystemPowerStatus")
	procGetLogicalProcessorInformationEx = kernel32.NewProc("GetLogicalProcessorInformationEx")
	procGetTickCount64                   = kernel32.NewProc("GetTickCount64")
	procGetProcessIoCounters             = kernel32.NewProc("GetProcessIoCounters")
	procGetProcessHandleCount            = kernel32.NewProc("GetProcessHandleCount")
	procGetProcessAffinityMask           = kernel32.NewProc("GetProcessAffinityMask")
	procSetProcessAffinityMask           = kernel32.NewProc("SetProcessAffinityMask")
	procGetExtendedTcpTable              = iphlpapi.NewProc("GetExtendedTcpTable")
	procGetExtendedUdpTable              = iphlpapi.NewProc("GetExtendedUdpTable")
	procGetIfEntry2                      = iphlpapi.NewProc("GetIfEntry2")
	procCallNtPowerInformation           = powrprof.NewProc("CallNtPowerInformation")
	procNtSuspendProcess                 = ntdll.NewProc("NtSuspendProcess")
	procNtResumeProcess                  = ntdll.NewProc("NtResumeProcess")
	procWTSQuerySessionInformationW      = wtsapi32.NewProc("WTSQuerySessionInformationW")
)

func boolErr(r uintptr, e error) error {
	if r == 0 {
		if e == nil || e == windows.ERROR_SUCCESS {
			return syscall.EINVAL
		}
		return e
	}
	return nil
}

func codeErr(r uintptr) error {
	if r != 0 {
		return syscall.Errno(r)
	}
	return nil
}

// GetSystemTimes returns the idle, kernel (idle included) and user times
// of every processor, in 100 ns ticks.
func GetSystemTimes() (idle, kernel, user uint64, err error) {
	var i, k, u windows.Filetime
	r, _, e := procGetSystemTimes.Call(uintptr(unsafe.Pointer(&i)), uintptr(unsafe.Pointer(&k)), uintptr(unsafe.Pointer(&u)))
	if err = boolErr(r, e); err != nil {
		return
	}
	ft := func(f windows.Filetime) uint64 { return uint64(f.HighDateTime)<<32 | uint64(f.LowDateTime) }
	return ft(i), ft(k), ft(u), nil
}

// PerformanceInformation is PERFORMANCE_INFORMATION; the counts are in
// pages of PageSize bytes.
type PerformanceInformation struct {
	Cb                uint32
	CommitTotal       uintptr
	CommitLimit       uintptr
	CommitPeak        uintptr
	PhysicalTotal     uintptr
	PhysicalAvailable uintptr
	SystemCache       uintptr
	KernelTotal       uintptr
	KernelPaged       uintptr
	KernelNonpaged    uintptr
	PageSize          uintptr
	HandleCount       uint32
	ProcessCount      uint32
	ThreadCount       uint32
}

// GetPerformanceInfo is K32GetPerformanceInfo.
func GetPerformanceInfo() (PerformanceInformation, error) {
	var pi PerformanceInformation
	pi.Cb = uint32(unsafe.Sizeof(pi))
	r, _, e := procGetPerformanceInfo.Call(uintptr(unsafe.Pointer(&pi)), uintptr(pi.Cb))
	return pi, boolErr(r, e)
}

// ProcessMemoryCounters is PROCESS_MEMORY_COUNTERS_EX, in bytes.
type ProcessMemoryCounters struct {
	Cb                         uint32
	PageFaultCount             uint32
	PeakWorkingSetSize         uintptr
	WorkingSetSize             uintptr
	QuotaPeakPagedPoolUsage    uintptr
	QuotaPagedPoolUsage        uintptr
	QuotaPeakNonPagedPoolUsage uintptr
	QuotaNonPagedPoolUsage     uintptr
	PagefileUsage              uintptr
	PeakPagefileUsage          uintptr
	PrivateUsage               uintptr
}

// GetProcessMemoryInfo is K32GetProcessMemoryInfo.
func GetProcessMemoryInfo(h windows.Handle) (ProcessMemoryCounters, error) {
	var c ProcessMemoryCounters
	c.Cb = uint32(unsafe.Sizeof(c))
	r, _, e := procGetProcessMemoryInfo.Call(uintptr(h), uintptr(unsafe.Pointer(&c)), uintptr(c.Cb))
	return c, boolErr(r, e)
}

// SystemPowerStatus is SYSTEM_POWER_STATUS.
type SystemPowerStatus struct {
	ACLineStatus        byte
	BatteryFlag         byte
	BatteryLifePercent  byte
	SystemStatusFlag    byte
	BatteryLifeTime     uint32
	BatteryFullLifeTime uint32
}

// GetSystemPowerStatus is GetSystemPowerStatus.
func GetSystemPowerStatus() (SystemPowerStatus, error) {
	var s SystemPowerStatus
	r, _, e := procGetSystemPowerStatus.Call(uintptr(unsafe.Pointer(&s)))
	return s, boolErr(r, e)
}

// LogicalProcessorInformation returns the records of
// GetLogicalProcessorInformationEx(RelationAll).
func LogicalProcessorInformation() ([]byte, error) {
	n := uint32(4096)
	for {
		buf := make([]byte, n)
		r, _, e := procGetLogicalProcessorInformationEx.Call(0xffff, uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)))
		if r != 0 {
			return buf[:n], nil
		}
		if e != windows.ERROR_INSUFFICIENT_BUFFER {
			return nil, boolErr(r, e)
		}
	}
}

// GetTickCount64 is the number of milliseconds since boot.
func GetTickCount64() uint64 {
	r, _, _ := procGetTickCount64.Call()
	return uint64(r)
}

// IOCounters is IO_COUNTERS.
type IOCounters struct {
	ReadOperationCount, WriteOperationCount, OtherOperationCount uint64
	ReadTransferCount, WriteTransferCount, OtherTransferCount    uint64
}

// GetProcessIoCounters is GetProcessIoCounters.
func GetProcessIoCounters(h windows.Handle) (IOCounters, error) {
	var c IOCounters
	r, _, e := procGetProcessIoCounters.Call(uintptr(h), uintptr(unsafe.Pointer(&c)))
	return c, boolErr(r, e)
}

// GetProcessHandleCount is GetProcessHandleCount.
func GetProcessHandleCount(h windows.Handle) (uint32, error) {
	var n uint32
	r, _, e := procGetProcessHandleCount.Call(uintptr(h), uintptr(unsafe.Pointer(&n)))
	return n, boolErr(r, e)
}

// GetProcessAffinityMask returns the process's and the system's masks.
func GetProcessAffinityMask(h windows.Handle) (proc, system uint64, err error) {
	var p, s uintptr
	r, _, e := procGetProcessAffinityMask.Call(uintptr(h), uintptr(unsafe.Pointer(&p)), uintptr(unsafe.Pointer(&s)))
	return uint64(p), uint64(s), boolErr(r, e)
}

// SetProcessAffinityMask is SetProcessAffinityMask.
func SetProcessAffinityMask(h windows.Handle, mask uint64) error {
	r, _, e := procSetProcessAffinityMask.Call(uintptr(h), uintptr(mask))
	return boolErr(r, e)
}

// The table classes of GetExtendedTcpTable and GetExtendedUdpTable.
const (
	TCPTableOwnerPidAll = 5
	UDPTableOwnerPid    = 1
)

func extendedTable(proc *windows.LazyProc, af, class uint32) ([]byte, error) {
	n := uint32(16 << 10)
	for {
		buf := make([]byte, n)
		r, _, _ := proc.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(unsafe.Pointer(&n)), 0, uintptr(af), uintptr(class), 0)
		switch syscall.Errno(r) {
		case 0:
			return buf[:max(n, 4)], nil
		case windows.ERROR_INSUFFICIENT_BUFFER:
			n += 4096
			continue
		}
		return nil, codeErr(r)
	}
}

// ExtendedTCPTable returns GetExtendedTcpTable(TCP_TABLE_OWNER_PID_ALL)
// for AF_INET or AF_INET6.
func ExtendedTCPTable(af uint32) ([]byte, error) {
	return extendedTable(procGetExtendedTcpTable, af, TCPTableOwnerPidAll)
}

// ExtendedUDPTable returns GetExtendedUdpTable(UDP_TABLE_OWNER_PID).
func ExtendedUDPTable(af uint32) ([]byte, error) {
	return extendedTable(procGetExtendedUdpTable, af, UDPTableOwnerPid)
}

// GetIfEntry2 fills row, whose InterfaceIndex (or InterfaceLuid) is set.
func GetIfEntry2(row *windows.MibIfRow2) error {
	r, _, _ := procGetIfEntry2.Call(uintptr(unsafe.Pointer(row)))
	return codeErr(r)
}

// ProcessorPowerInformation is PROCESSOR_POWER_INFORMATION.
type ProcessorPowerInformation struct {
	Number, MaxMhz, CurrentMhz, MhzLimit, MaxIdleState, CurrentIdleState uint32
}

// ProcessorPower returns CallNtPowerInformation(ProcessorInformation), one
// entry per processor.
func ProcessorPower(ncpu int) ([]ProcessorPowerInformation, error) {
	out := make([]ProcessorPowerInformation, max(ncpu, 1))
	size := uintptr(len(out)) * unsafe.Sizeof(out[0])
	r, _, _ := procCallNtPowerInformation.Call(11, 0, 0, uintptr(unsafe.Pointer(&out[0])), size)
	if r != 0 {
		return nil, windows.NTStatus(r)
	}
	return out, nil
}

// NtSuspendProcess suspends every thread of the process.
func NtSuspendProcess(h windows.Handle) error {
	r, _, _ := procNtSuspendProcess.Call(uintptr(h))
	if r != 0 {
		return windows.NTStatus(r)
	}
	return nil
}

// NtResumeProcess resumes every thread of the process.
func NtResumeProcess(h windows.Handle) error {
	r, _, _ := procNtResumeProcess.Call(uintptr(h))
	if r != 0 {
		return windows.NTStatus(r)
	}
	return nil
}

// The WTS_INFO_CLASS values users() reads.
const (
	WTSUserName      = 5
	WTSClientAddress = 14
	WTSSessionInfo   = 24
)

// WTSQuerySession returns the raw bytes WTSQuerySessionInformationW gives
// for one class of one session.
func WTSQuerySession(session uint32, class uint32) ([]byte, error) {
	var p *byte
	var n uint32
	r, _, e := procWTSQuerySessionInformationW.Call(0, uintptr(session), uintptr(class), uintptr(unsafe.Pointer(&p)), uintptr(unsafe.Pointer(&n)))
	if err := boolErr(r, e); err != nil {
		return nil, err
	}
	defer windows.WTSFreeMemory(uintptr(unsafe.Pointer(p)))
	return append([]byte(nil), unsafe.Slice(p, n)...), nil
}

// SystemInformation calls NtQuerySystemInformation for class, growing the
// buffer until it fits. It returns the buffer and the address it had,
// which the pointers inside it refer to.
func SystemInformation(class int32, size int) ([]byte, uintptr, error) {
	for {
		buf := make([]byte, size)
		var n uint32
		err := windows.NtQuerySystemInformation(class, unsafe.Pointer(&buf[0]), uint32(size), &n)
		if err == nil {
			if n == 0 || int(n) > size {
				n = uint32(size)
			}
			return buf[:n], uintptr(unsafe.Pointer(&buf[0])), nil
		}
		if err == windows.STATUS_INFO_LENGTH_MISMATCH || err == windows.STATUS_BUFFER_TOO_SMALL || err == windows.STATUS_BUFFER_OVERFLOW {
			size = max(2*size, int(n)+4096)
			if size > 256<<20 {
				return nil, 0, err
			}
			continue
		}
		return nil, 0, err
	}
}

var procGlobalMemoryStatusEx = kernel32.NewProc("GlobalMemoryStatusEx")

// MemoryStatusEx is MEMORYSTATUSEX, in bytes.
type MemoryStatusEx struct {
	Length               uint32
	MemoryLoad           uint32
	TotalPhys            uint64
	AvailPhys            uint64
	TotalPageFile        uint64
	AvailPageFile        uint64
	TotalVirtual         uint64
	AvailVirtual         uint64
	AvailExtendedVirtual uint64
}

// GlobalMemoryStatusEx is GlobalMemoryStatusEx.
func GlobalMemoryStatusEx() (MemoryStatusEx, error) {
	var m MemoryStatusEx
	m.Length = uint32(unsafe.Sizeof(m))
	r, _, e := procGlobalMemoryStatusEx.Call(uintptr(unsafe.Pointer(&m)))
	return m, boolErr(r, e)
}

var procGetMappedFileNameW = kernel32.NewProc("K32GetMappedFileNameW")

// GetMappedFileName is the NT path of the file mapped at addr in the
// process h, "" when none is.
func GetMappedFileName(h windows.Handle, addr uintptr, buf []uint16) string {
	r, _, _ := procGetMappedFileNameW.Call(uintptr(h), addr, uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if r == 0 || int(r) >= len(buf) {
		return ""
	}
	return windows.UTF16ToString(buf[:r])
}

// DosDevices maps each drive's device name, lower-cased, to the drive
// ("\device\harddiskvolume1" -> "C:"), for DosPath.
func DosDevices() map[string]string {
	m := map[string]string{}
	buf := make([]uint16, 1024)
	for c := 'A'; c <= 'Z'; c++ {
		drive := string(c) + ":"
		p, _ := windows.UTF16PtrFromString(drive)
		n, err := windows.QueryDosDevice(p, &buf[0], uint32(len(buf)))
		if err != nil || n == 0 {
			continue
		}
		m[strings.ToLower(windows.UTF16ToString(buf[:n]))] = drive
	}
	return m
}

var (
	pdh                             = windows.NewLazySystemDLL("pdh.dll")
	procPdhOpenQueryW               = pdh.NewProc("PdhOpenQueryW")
	procPdhAddEnglishCounterW       = pdh.NewProc("PdhAddEnglishCounterW")
	procPdhCollectQueryData         = pdh.NewProc("PdhCollectQueryData")
	procPdhGetFormattedCounterValue = pdh.NewProc("PdhGetFormattedCounterValue")
	procPdhCloseQuery               = pdh.NewProc("PdhCloseQuery")
)

// CounterValue reads a performance counter once, by its English path
// ("\Paging File(_Total)\% Usage"), as a double.
func CounterValue(path string) (float64, error) {
	if err := pdh.Load(); err != nil {
		return 0, err
	}
	var query, counter uintptr
	if r, _, _ := procPdhOpenQueryW.Call(0, 0, uintptr(unsafe.Pointer(&query))); r != 0 {
		return 0, syscall.Errno(r)
	}
	defer procPdhCloseQuery.Call(query)
	p, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return 0, err
	}
	if r, _, _ := procPdhAddEnglishCounterW.Call(query, uintptr(unsafe.Pointer(p)), 0, uintptr(unsafe.Pointer(&counter))); r != 0 {
		return 0, syscall.Errno(r)
	}
	if r, _, _ := procPdhCollectQueryData.Call(query); r != 0 {
		return 0, syscall.Errno(r)
	}
	// PDH_FMT_COUNTERVALUE: CStatus, then (aligned) the double.
	var value struct {
		status uint32
		_      uint32
		double float64
	}
	const pdhFmtDouble = 0x00000200
	if r, _, _ := procPdhGetFormattedCounterValue.Call(counter, pdhFmtDouble, 0, uintptr(unsafe.Pointer(&value))); r != 0 {
		return 0, syscall.Errno(r)
	}
	if value.status != 0 {
		return 0, syscall.Errno(value.status)
	}
	return value.double, nil
}
