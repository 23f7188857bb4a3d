package winapi

import "fmt"

// The 64-bit layout of SYSTEM_PROCESS_INFORMATION and the
// SYSTEM_THREAD_INFORMATION entries that follow each one, as
// NtQuerySystemInformation(SystemProcessInformation) fills them.
const (
	procInfoSize   = 256
	threadInfoSize = 80
)

// Process is one process of the SystemProcessInformation list. Times are
// in 100 ns ticks; CreateTime is a FILETIME.
type Process struct {
	Pid, Ppid          int
	Name               string // the image name, "" for the idle process
	NumThreads         int
	WorkingSetPrivate  uint64 // the private working set: pages no other process shares
	CreateTime         uint64
	UserTime           uint64
	KernelTime         uint64
	BasePriority       int32
	HandleCount        uint32
	SessionID          uint32
	PeakVirtualSize    uint64
	VirtualSize        uint64
	PageFaultCount     uint32 // every page fault
	HardFaultCount     uint32 // the faults that read from disk
	PeakWorkingSetSize uint64
	WorkingSetSize     uint64
	PeakPagedPool      uint64
	PagedPool          uint64
	PeakNonPagedPool   uint64
	NonPagedPool       uint64
	PagefileUsage      uint64
	PeakPagefileUsage  uint64
	PrivatePageCount   uint64
	ReadOperations     uint64
	WriteOperations    uint64
	OtherOperations    uint64
	ReadTransfer       uint64
	WriteTransfer      uint64
	OtherTransfer      uint64
	Threads            []Thread
}

// Thread is one SYSTEM_THREAD_INFORMATION entry.
type Thread struct {
	Tid             int
	KernelTime      uint64 // 100 ns ticks
	UserTime        uint64
	CreateTime      uint64
	ContextSwitches uint32
	State           uint32 // KTHREAD_STATE: 5 is Waiting
	WaitReason      uint32 // KWAIT_REASON: 5 is Suspended
}

// Suspended reports whether the thread waits because it was suspended.
func (t Thread) Suspended() bool { return t.State == 5 && t.WaitReason == 5 }

// ParseProcesses walks the list NtQuerySystemInformation wrote into buf.
// base is the address buf had then: the image names are pointers into it.
func ParseProcesses(buf []byte, base uintptr) ([]Process, error) {
	var out []Process
	off := 0
	for {
		if off+procInfoSize > len(buf) {
			return out, fmt.Errorf("%w: process entry at %d", ErrShort, off)
		}
		b := buf[off:]
		p := Process{
			WorkingSetPrivate:  u64(b, 8),
			HardFaultCount:     u32(b, 16),
			NumThreads:         int(u32(b, 4)),
			CreateTime:         u64(b, 32),
			UserTime:           u64(b, 40),
			KernelTime:         u64(b, 48),
			BasePriority:       int32(u32(b, 72)),
			Pid:                int(u64(b, 80)),
			Ppid:               int(u64(b, 88)),
			HandleCount:        u32(b, 96),
			SessionID:          u32(b, 100),
			PeakVirtualSize:    u64(b, 112),
			VirtualSize:        u64(b, 120),
			PageFaultCount:     u32(b, 128),
			PeakWorkingSetSize: u64(b, 136),
			WorkingSetSize:     u64(b, 144),
			PeakPagedPool:      u64(b, 152),
			PagedPool:          u64(b, 160),
			PeakNonPagedPool:   u64(b, 168),
			NonPagedPool:       u64(b, 176),
			PagefileUsage:      u64(b, 184),
			PeakPagefileUsage:  u64(b, 192),
			PrivatePageCount:   u64(b, 200),
			ReadOperations:     u64(b, 208),
			WriteOperations:    u64(b, 216),
			OtherOperations:    u64(b, 224),
			ReadTransfer:       u64(b, 232),
			WriteTransfer:      u64(b, 240),
			OtherTransfer:      u64(b, 248),
		}
		if n, ptr := int(u16(b, 56)), uintptr(u64(b, 64)); n > 0 && ptr >= base {
			p.Name = UTF16Bytes(buf, int(ptr-base), n)
		}
		t := procInfoSize
		for i := 0; i < p.NumThreads; i++ {
			if t+threadInfoSize > len(b) {
				return out, fmt.Errorf("%w: thread %d of pid %d", ErrShort, i, p.Pid)
			}
			p.Threads = append(p.Threads, Thread{
				KernelTime:      u64(b, t),
				UserTime:        u64(b, t+8),
				CreateTime:      u64(b, t+16),
				Tid:             int(u64(b, t+48)),
				ContextSwitches: u32(b, t+64),
				State:           u32(b, t+68),
				WaitReason:      u32(b, t+72),
			})
			t += threadInfoSize
		}
		out = append(out, p)
		next := int(u32(b, 0))
		if next == 0 {
			return out, nil
		}
		off += next
	}
}

// Handle is one entry of the SYSTEM_HANDLE_INFORMATION_EX list
// NtQuerySystemInformation(SystemExtendedHandleInformation) fills: a
// handle value in the process that holds it.
type Handle struct {
	Pid        int
	Value      uint64
	Access     uint32
	ObjectType uint16
	Attributes uint32
}

const handleEntrySize = 40

// ParseHandles parses SYSTEM_HANDLE_INFORMATION_EX, keeping the handles
// of pid (all of them when pid is negative).
func ParseHandles(buf []byte, pid int) ([]Handle, error) {
	if len(buf) < 16 {
		return nil, fmt.Errorf("%w: handle list", ErrShort)
	}
	n := int(u64(buf, 0))
	if n < 0 || 16+n*handleEntrySize > len(buf) {
		return nil, fmt.Errorf("%w: %d handles in %d bytes", ErrShort, n, len(buf))
	}
	var out []Handle
	for i := 0; i < n; i++ {
		e := buf[16+i*handleEntrySize:]
		h := Handle{Pid: int(u64(e, 8)), Value: u64(e, 16), Access: u32(e, 24),
			ObjectType: u16(e, 30), Attributes: u32(e, 32)}
		if pid < 0 || h.Pid == pid {
			out = append(out, h)
		}
	}
	return out, nil
}
