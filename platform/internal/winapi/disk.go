package winapi

import "fmt"

// DiskPerformance is the DISK_PERFORMANCE structure
// IOCTL_DISK_PERFORMANCE returns. Times are in 100 ns ticks.
type DiskPerformance struct {
	BytesRead, BytesWritten uint64
	ReadTime, WriteTime     uint64
	IdleTime                uint64
	ReadCount, WriteCount   uint32
	QueueDepth, SplitCount  uint32
	QueryTime               uint64
	StorageDeviceNumber     uint32
}

// DiskPerformanceSize is sizeof(DISK_PERFORMANCE) on 64-bit Windows.
const DiskPerformanceSize = 88

// ParseDiskPerformance parses DISK_PERFORMANCE.
func ParseDiskPerformance(b []byte) (DiskPerformance, error) {
	if len(b) < 72 {
		return DiskPerformance{}, fmt.Errorf("%w: %d bytes of disk performance", ErrShort, len(b))
	}
	return DiskPerformance{
		BytesRead: u64(b, 0), BytesWritten: u64(b, 8), ReadTime: u64(b, 16), WriteTime: u64(b, 24),
		IdleTime: u64(b, 32), ReadCount: u32(b, 40), WriteCount: u32(b, 44), QueueDepth: u32(b, 48),
		SplitCount: u32(b, 52), QueryTime: u64(b, 56), StorageDeviceNumber: u32(b, 64),
	}, nil
}
