//go:build linux

package platform

import (
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"syscall"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// memorySwapPageSize converts /proc/vmstat's pswpin/pswpout to bytes.
// The kernel counts whole pages there, so the true factor is the page size,
// but psutil has always multiplied by 4 KiB (x86's page size, the value
// its comment calls "4 kilo bytes"); we keep its numbers, which differ only
// on kernels with larger pages (arm64 and ppc64 with 16 or 64 KiB).
const memorySwapPageSize = 4 * 1024

// memoryReadMeminfo reads and parses /proc/meminfo into a stack buffer:
// the file is about 1.5 KB.
func memoryReadMeminfo(fs FS) (procfs.Meminfo, error) {
	var buf [8192]byte
	data, err := procfs.ReadFileInto(fs.proc("meminfo"), buf[:0])
	if err != nil {
		return procfs.Meminfo{}, err
	}
	return procfs.ParseMeminfo(data)
}

// virtualMemory is _pslinux.virtual_memory. pageSize converts
// /proc/zoneinfo's page counts to bytes (psutil's
// os.sysconf("SC_PAGE_SIZE")); fixture tests give the page size of the
// machine their files came from.
func (linuxSystem) virtualMemory(fs FS, pageSize uint64) (VirtualMemory, string, error) {
	mi, err := memoryReadMeminfo(fs)
	if err != nil {
		return VirtualMemory{}, "", err
	}
	vm, missing, err := memoryVirtualFrom(&mi, int64(pageSize), func() (int64, error) { return memoryZoneLow(fs) })
	return vm, missing.warning(), err
}

// memoryZoneLow returns the zones' low watermarks in pages, or
// errMemoryNoZoneinfo when /proc/zoneinfo cannot be read (before 2.6.13,
// or hidden in a container).
func memoryZoneLow(fs FS) (int64, error) {
	var low int64
	var perr error
	err := procfs.ReadFile(fs.proc("zoneinfo"), func(b []byte) error {
		low, perr = procfs.ParseZoneinfoLow(b)
		return nil
	})
	if err != nil {
		return 0, errMemoryNoZoneinfo
	}
	return low, perr
}

var errMemoryNoZoneinfo = errors.New("no zoneinfo")

// memoryVirtualFrom is _pslinux.virtual_memory over a parsed meminfo.
// zoneLow, the zones' low watermarks in pages of pageSize bytes, is called
// only when available memory must be estimated.
func memoryVirtualFrom(mi *procfs.Meminfo, pageSize int64, zoneLow func() (int64, error)) (VirtualMemory, memoryMissing, error) {
	// MemTotal and MemFree are also what sysinfo(2) returns: psutil takes
	// them as always present and fails without them.
	if !mi.HasAll(procfs.MeminfoMemTotal | procfs.MeminfoMemFree) {
		return VirtualMemory{}, 0, fmt.Errorf("%w meminfo: no MemTotal or MemFree line", procfs.ErrFileParse)
	}
	var missing memoryMissing
	total, free := mi.MemTotal*1024, mi.MemFree*1024

	var buffers int64
	if mi.HasAll(procfs.MeminfoBuffers) {
		buffers = mi.Buffers * 1024
	} else {
		missing |= memoryMissingBuffers // psutil #1010
	}

	// free(1) counts reclaimable slab as cache since procps-ng commit
	// 05d751c4f; SReclaimable exists since 2.6.19.
	var cached int64
	if mi.HasAll(procfs.MeminfoCached) {
		cached = (mi.Cached + mi.SReclaimable) * 1024
	} else {
		missing |= memoryMissingCached
	}

	var shared int64
	switch {
	case mi.HasAll(procfs.MeminfoShmem): // 2.6.32+
		shared = mi.Shmem * 1024
	case mi.HasAll(procfs.MeminfoMemShared): // 2.4
		shared = mi.MemShared * 1024
	default:
		missing |= memoryMissingShared
	}

	var active int64
	if mi.HasAll(procfs.MeminfoActive) {
		active = mi.Active * 1024
	} else {
		missing |= memoryMissingActive
	}

	var inactive int64
	inact24 := procfs.MeminfoInactDirty | procfs.MeminfoInactClean | procfs.MeminfoInactLaundry
	switch {
	case mi.HasAll(procfs.MeminfoInactive):
		inactive = mi.Inactive * 1024
	case mi.HasAll(inact24): // Red Hat 2.4 kernels
		inactive = (mi.InactDirty + mi.InactClean + mi.InactLaundry) * 1024
	default:
		missing |= memoryMissingInactive
	}

	slab := mi.Slab * 1024 // 0 when missing; psutil does not warn

	// MemAvailable exists since 3.14. It can read 0 (psutil #1915), in
	// which case free(1) estimates it, as we do.
	var avail int64
	if mi.HasAll(procfs.MeminfoMemAvailable) && mi.MemAvailable != 0 {
		avail = mi.MemAvailable * 1024
	} else {
		var err error
		if avail, err = memoryEstimateAvailable(mi, pageSize, zoneLow); err != nil {
			return VirtualMemory{}, 0, err
		}
	}
	if avail < 0 {
		avail = 0
		missing |= memoryMissingAvailable
	} else if avail > total {
		// In an LXC container the values can be the host's; procps-ng
		// falls back to MemFree too.
		avail = free
	}

	return VirtualMemory{
		Total:     memoryBytes(total),
		Available: memoryBytes(avail),
		Percent:   usagePercent(float64(total-avail), float64(total)),
		Used:      memoryBytes(total - avail), // free(1) from procps-ng 4.0.1 on
		Free:      memoryBytes(free),
		Active:    memoryBytes(active),
		Inactive:  memoryBytes(inactive),
		Buffers:   memoryBytes(buffers),
		Cached:    memoryBytes(cached),
		Shared:    memoryBytes(shared),
		Slab:      memoryBytes(slab),
	}, missing, nil
}

// memoryEstimateAvailable is psutil's calculate_avail_vmem, the kernel's
// MemAvailable formula (commit 34e431b0ae39) redone in user space: free
// memory above the low watermarks, plus the page cache and reclaimable slab
// that could be dropped, each less half of itself or the low watermark,
// whichever is smaller. Without the 2.6.28+ LRU lines or /proc/zoneinfo it
// falls back to free + cached. The arithmetic is done in doubles, as
// Python's "/" does, and truncated, as int() does.
func memoryEstimateAvailable(mi *procfs.Meminfo, pageSize int64, zoneLow func() (int64, error)) (int64, error) {
	free := mi.MemFree * 1024
	fallback := free + mi.Cached*1024
	need := procfs.MeminfoActiveFile | procfs.MeminfoInactiveFile | procfs.MeminfoSReclaimable
	if !mi.HasAll(need) {
		return fallback, nil
	}
	lowPages, err := zoneLow()
	if err == errMemoryNoZoneinfo {
		return fallback, nil
	}
	if err != nil {
		return 0, err
	}
	low := float64(lowPages * pageSize)

	avail := float64(free) - low
	pagecache := float64((mi.ActiveFile + mi.InactiveFile) * 1024)
	pagecache -= math.Min(pagecache/2, low)
	avail += pagecache
	slab := float64(mi.SReclaimable * 1024)
	avail += slab - math.Min(slab/2, low)
	return int64(avail), nil // int64() truncates toward zero, as int() does
}

// memoryBytes converts a byte count that odd kernels could make negative
// (psutil would return the negative int) to the tuple's unsigned field.
func memoryBytes(v int64) uint64 {
	if v < 0 {
		return 0
	}
	return uint64(v)
}

// swapMemory is _pslinux.swap_memory; warning is the text of psutil's
// RuntimeWarning, if it emits one.
func (linuxSystem) swapMemory(fs FS) (sm SwapMemory, warning string, err error) {
	mi, err := memoryReadMeminfo(fs)
	if err != nil {
		return SwapMemory{}, "", err
	}
	var total, free int64
	if mi.HasAll(procfs.MeminfoSwapTotal | procfs.MeminfoSwapFree) {
		// Read from meminfo rather than sysinfo(2) so PROCFS_PATH works
		// for containers (psutil #1015); the values are the same.
		total, free = mi.SwapTotal*1024, mi.SwapFree*1024
	} else {
		var si syscall.Sysinfo_t
		if err := syscall.Sysinfo(&si); err != nil {
			return SwapMemory{}, "", os.NewSyscallError("sysinfo", err)
		}
		unit := int64(si.Unit)
		total, free = int64(si.Totalswap)*unit, int64(si.Freeswap)*unit
	}
	used := total - free

	sin, sout, warning, err := memorySwapIO(fs)
	if err != nil {
		return SwapMemory{}, "", err
	}
	return SwapMemory{
		Total:   memoryBytes(total),
		Used:    memoryBytes(used),
		Free:    memoryBytes(free),
		Percent: usagePercent(float64(used), float64(total)),
		Sin:     sin,
		Sout:    sout,
	}, warning, nil
}

// memorySwapIOMissing is psutil's warning when /proc/vmstat lacks the
// pswpin or pswpout line (psutil #313).
const memorySwapIOMissing = "'sin' and 'sout' swap memory stats couldn't be determined and were set to 0"

// memorySwapIO returns the bytes swapped in and out since boot. psutil
// excuses two failures with a warning and zeros: /proc/vmstat that cannot
// be opened (psutil #722; Python's open() also refuses a directory) and a
// missing pswpin or pswpout line (psutil #313). Any other error, such as
// one reading the file once opened, is returned.
func memorySwapIO(fs FS) (sin, sout uint64, warning string, err error) {
	var buf [8192]byte
	path := fs.proc("vmstat")
	data, err := procfs.ReadFileInto(path, buf[:0])
	if procfs.IsOpenError(err) || errors.Is(err, syscall.EISDIR) {
		return 0, 0, memorySwapIOMissing + " (" + memoryPyOSError(err, path) + ")", nil
	}
	if err != nil {
		return 0, 0, "", err
	}
	v, err := procfs.ParseVmstatSwap(data)
	if err != nil {
		return 0, 0, "", err
	}
	if !v.HasIn || !v.HasOut {
		return 0, 0, memorySwapIOMissing, nil
	}
	return memoryBytes(v.Pswpin * memorySwapPageSize), memoryBytes(v.Pswpout * memorySwapPageSize), "", nil
}

// memoryPyOSError spells a failure on path as Python's str(OSError) does:
// "[Errno 2] No such file or directory: '/proc/vmstat'".
func memoryPyOSError(err error, path string) string {
	var errno syscall.Errno
	if !errors.As(err, &errno) {
		return err.Error()
	}
	msg := errno.Error()
	if msg != "" && msg[0] >= 'a' && msg[0] <= 'z' {
		msg = string(msg[0]-'a'+'A') + msg[1:]
	}
	return "[Errno " + strconv.Itoa(int(errno)) + "] " + msg + ": " + PyReprCut(path)
}

// memoryMissing records which virtual_memory fields were set to 0 because
// the kernel did not report them: psutil's missing_fields, which it turns
// into a RuntimeWarning.
type memoryMissing uint8

const (
	memoryMissingBuffers memoryMissing = 1 << iota
	memoryMissingCached
	memoryMissingShared
	memoryMissingActive
	memoryMissingInactive
	memoryMissingAvailable
)

// warning is psutil's warning text, or "" when nothing is missing.
func (m memoryMissing) warning() string {
	if m == 0 {
		return ""
	}
	var names []string
	for i, n := range [...]string{"buffers", "cached", "shared", "active", "inactive", "available"} {
		if m&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	verb := "were"
	if len(names) == 1 {
		verb = "was"
	}
	return strings.Join(names, ", ") + " memory stats couldn't be determined and " + verb + " set to 0"
}
