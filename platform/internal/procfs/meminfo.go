package procfs

import "bytes"

// Meminfo holds the /proc/meminfo lines psutil reads, as the kernel prints
// them: in kB (a few lines, such as HugePages_Total, carry no unit). Has
// tells which lines the file had: the set varies with kernel version,
// architecture and configuration, and a missing line is not the same as 0.
type Meminfo struct {
	MemTotal     int64 // usable RAM
	MemFree      int64 // RAM left unused
	MemAvailable int64 // kernel's estimate of RAM available without swapping (3.14+)
	Buffers      int64 // block device buffers
	Cached       int64 // page cache, excluding swap cache
	Active       int64 // recently used, not reclaimed unless necessary
	Inactive     int64 // less recently used, reclaimable
	ActiveFile   int64 // Active(file): file-backed part of Active (2.6.28+)
	InactiveFile int64 // Inactive(file): file-backed part of Inactive (2.6.28+)
	InactDirty   int64 // Inact_dirty (2.4)
	InactClean   int64 // Inact_clean (2.4)
	InactLaundry int64 // Inact_laundry (Red Hat 2.4)
	Shmem        int64 // tmpfs and shared memory (2.6.32+)
	MemShared    int64 // shared memory (2.4, always 0)
	Slab         int64 // kernel slab allocator
	SReclaimable int64 // reclaimable part of Slab (2.6.19+)
	SwapTotal    int64 // swap space configured
	SwapFree     int64 // swap space unused
	Has          MeminfoKey
}

// MeminfoKey is a set of /proc/meminfo lines.
type MeminfoKey uint32

// The lines Meminfo keeps.
const (
	MeminfoMemTotal MeminfoKey = 1 << iota
	MeminfoMemFree
	MeminfoMemAvailable
	MeminfoBuffers
	MeminfoCached
	MeminfoActive
	MeminfoInactive
	MeminfoActiveFile
	MeminfoInactiveFile
	MeminfoInactDirty
	MeminfoInactClean
	MeminfoInactLaundry
	MeminfoShmem
	MeminfoMemShared
	MeminfoSlab
	MeminfoSReclaimable
	MeminfoSwapTotal
	MeminfoSwapFree
)

// HasAll reports whether every line of keys was present.
func (m *Meminfo) HasAll(keys MeminfoKey) bool { return m.Has&keys == keys }

// ParseMeminfo parses /proc/meminfo. Each line is "Key: value [kB]"; the
// space after the colon can be missing ("ShadowCallStack:10373888 kB" on
// arm64, psutil #2809). Lines it does not keep are skipped unparsed, so
// unknown or odd lines (the 2.4 kernels' "Mem:" summary table) are harmless;
// a kept line whose value is not an integer is an error. Values may be
// negative: psutil #1915 reports "MemAvailable: -1 kB".
func ParseMeminfo(data []byte) (Meminfo, error) {
	var m Meminfo
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		colon := bytes.IndexByte(line, ':')
		if colon < 0 {
			continue
		}
		dst, key := m.field(line[:colon])
		if dst == nil {
			continue
		}
		f, _ := NextField(line[colon+1:])
		v, ok := ParseInt(f)
		if !ok {
			return Meminfo{}, parseError("meminfo", string(line))
		}
		*dst = v
		m.Has |= key
	}
	return m, nil
}

// field maps a line's key to where its value goes.
func (m *Meminfo) field(key []byte) (*int64, MeminfoKey) {
	switch string(key) { // no allocation: the compiler compares in place
	case "MemTotal":
		return &m.MemTotal, MeminfoMemTotal
	case "MemFree":
		return &m.MemFree, MeminfoMemFree
	case "MemAvailable":
		return &m.MemAvailable, MeminfoMemAvailable
	case "Buffers":
		return &m.Buffers, MeminfoBuffers
	case "Cached":
		return &m.Cached, MeminfoCached
	case "Active":
		return &m.Active, MeminfoActive
	case "Inactive":
		return &m.Inactive, MeminfoInactive
	case "Active(file)":
		return &m.ActiveFile, MeminfoActiveFile
	case "Inactive(file)":
		return &m.InactiveFile, MeminfoInactiveFile
	case "Inact_dirty":
		return &m.InactDirty, MeminfoInactDirty
	case "Inact_clean":
		return &m.InactClean, MeminfoInactClean
	case "Inact_laundry":
		return &m.InactLaundry, MeminfoInactLaundry
	case "Shmem":
		return &m.Shmem, MeminfoShmem
	case "MemShared":
		return &m.MemShared, MeminfoMemShared
	case "Slab":
		return &m.Slab, MeminfoSlab
	case "SReclaimable":
		return &m.SReclaimable, MeminfoSReclaimable
	case "SwapTotal":
		return &m.SwapTotal, MeminfoSwapTotal
	case "SwapFree":
		return &m.SwapFree, MeminfoSwapFree
	}
	return nil, 0
}
