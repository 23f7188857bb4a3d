package winapi

import (
	"fmt"
	"net/netip"
)

// ProcessorTimes is one SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION entry, in
// 100 ns ticks. KernelTime includes IdleTime, DpcTime and InterruptTime.
type ProcessorTimes struct {
	Idle, Kernel, User, Dpc, Interrupt uint64
	InterruptCount                     uint32
}

const processorPerfSize = 48

// ParseProcessorTimes parses the array
// NtQuerySystemInformation(SystemProcessorPerformanceInformation) fills,
// one entry per processor.
func ParseProcessorTimes(buf []byte) ([]ProcessorTimes, error) {
	if len(buf)%processorPerfSize != 0 {
		return nil, fmt.Errorf("%w: %d bytes is not a whole number of processors", ErrShort, len(buf))
	}
	out := make([]ProcessorTimes, 0, len(buf)/processorPerfSize)
	for off := 0; off < len(buf); off += processorPerfSize {
		out = append(out, ProcessorTimes{
			Idle: u64(buf, off), Kernel: u64(buf, off+8), User: u64(buf, off+16),
			Dpc: u64(buf, off+24), Interrupt: u64(buf, off+32), InterruptCount: u32(buf, off+40),
		})
	}
	return out, nil
}

// SystemPerformance holds the fields of SYSTEM_PERFORMANCE_INFORMATION
// psutil reads.
type SystemPerformance struct {
	ContextSwitches uint32
	SystemCalls     uint32
}

// SystemPerformanceSize is the size of the structure psulua asks for: the
// documented fields end at 312 bytes; newer Windows versions add more.
const SystemPerformanceSize = 312

// ParseSystemPerformance parses SYSTEM_PERFORMANCE_INFORMATION.
func ParseSystemPerformance(buf []byte) (SystemPerformance, error) {
	if len(buf) < SystemPerformanceSize {
		return SystemPerformance{}, fmt.Errorf("%w: %d bytes of performance information", ErrShort, len(buf))
	}
	return SystemPerformance{ContextSwitches: u32(buf, 296), SystemCalls: u32(buf, 308)}, nil
}

// InterruptInfoSize is the size of one SYSTEM_INTERRUPT_INFORMATION entry.
const InterruptInfoSize = 24

// SumDpcCounts adds the DpcCount of each SYSTEM_INTERRUPT_INFORMATION
// entry (one per processor).
func SumDpcCounts(buf []byte) uint64 {
	var n uint64
	for off := 0; off+InterruptInfoSize <= len(buf); off += InterruptInfoSize {
		n += uint64(u32(buf, off+4))
	}
	return n
}

// CountCores counts the RelationProcessorCore entries of the variable-size
// SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records
// GetLogicalProcessorInformationEx wrote.
func CountCores(buf []byte) (int, error) {
	n := 0
	for off := 0; off < len(buf); {
		if off+8 > len(buf) {
			return n, fmt.Errorf("%w: processor record at %d", ErrShort, off)
		}
		rel, size := u32(buf, off), int(u32(buf, off+4))
		if size <= 0 {
			return n, fmt.Errorf("%w: processor record of size %d", ErrShort, size)
		}
		if rel == 0 { // RelationProcessorCore
			n++
		}
		off += size
	}
	return n, nil
}

// WTSLogonTime reads LogonTime, a FILETIME, from the WTSINFOW structure
// WTSQuerySessionInformation(WTSSessionInfo) returns, in seconds since
// 1970; 0 when absent.
func WTSLogonTime(b []byte) float64 {
	const off = 200
	if len(b) < off+8 || u64(b, off) == 0 {
		return 0
	}
	return FiletimeToUnix(u64(b, off))
}

// WTSClientIPv4 reads the IPv4 address of a WTS_CLIENT_ADDRESS
// (WTSQuerySessionInformation(WTSClientAddress)), "" for another family
// or a local session.
func WTSClientIPv4(b []byte) string {
	if len(b) < 8 || u32(b, 0) != 2 { // AF_INET
		return ""
	}
	a := b[4+2 : 4+6]
	if a[0] == 0 && a[1] == 0 && a[2] == 0 && a[3] == 0 {
		return ""
	}
	return netip.AddrFrom4([4]byte(a)).String()
}
