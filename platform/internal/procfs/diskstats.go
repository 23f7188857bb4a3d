package procfs

// /proc/diskstats: I/O statistics of every block device, one line each
// (Documentation/admin-guide/iostats.rst and ABI/testing/procfs-diskstats).

// DiskStat holds the I/O statistics of one block device or partition, in
// the kernel's units. A column the line does not have is 0.
type DiskStat struct {
	Name         string // kernel name, e.g. "sda", "nvme0n1p1", "cciss/c0d0"
	ReadIOs      uint64 // reads completed
	ReadMerges   uint64 // adjacent reads merged into one
	ReadSectors  uint64 // 512-byte sectors read
	ReadTicks    uint64 // milliseconds spent reading
	WriteIOs     uint64 // writes completed
	WriteMerges  uint64 // adjacent writes merged into one
	WriteSectors uint64 // 512-byte sectors written
	WriteTicks   uint64 // milliseconds spent writing
	IOTicks      uint64 // milliseconds the device had I/O in flight (busy time)
}

// ParseDiskstats appends one DiskStat per line of /proc/diskstats to
// dst[:0]. Lines come in four shapes, told apart by their field count:
//
//   - 14 fields (2.6 to 4.17): major minor name and 11 statistics;
//   - 18 fields (4.18+, 4 discard columns) or 20 (5.5+, 2 flush columns):
//     the same first 14 fields;
//   - 7 fields (2.6 partitions): major minor name reads rsect writes wsect;
//   - 15 fields (2.4): major minor, then a number psutil takes as the read
//     count (issue #767), the name, and the statistics from the merged
//     reads on. We read it as psutil does.
//
// Any other count is an error, as it is for psutil ("not sure how to
// interpret line").
func ParseDiskstats(b []byte, dst []DiskStat) ([]DiskStat, error) {
	dst = dst[:0]
	var f [24][]byte
	var err error
	Lines(b, func(line []byte) {
		if err != nil {
			return
		}
		fields := Fields(line, f[:0])
		var d DiskStat
		var ok bool
		switch n := len(fields); {
		case n == 15:
			d.Name = string(fields[3])
			ok = diskParseInto(fields[2:3], &d.ReadIOs) &&
				diskParseInto(fields[4:14], &d.ReadMerges, &d.ReadSectors, &d.ReadTicks,
					&d.WriteIOs, &d.WriteMerges, &d.WriteSectors, &d.WriteTicks, nil, &d.IOTicks, nil)
		case n == 14 || n >= 18:
			d.Name = string(fields[2])
			ok = diskParseInto(fields[3:14], &d.ReadIOs, &d.ReadMerges, &d.ReadSectors, &d.ReadTicks,
				&d.WriteIOs, &d.WriteMerges, &d.WriteSectors, &d.WriteTicks, nil, &d.IOTicks, nil)
		case n == 7:
			d.Name = string(fields[2])
			ok = diskParseInto(fields[3:7], &d.ReadIOs, &d.ReadSectors, &d.WriteIOs, &d.WriteSectors)
		}
		if !ok {
			err = parseError("diskstats", string(line))
			return
		}
		dst = append(dst, d)
	})
	return dst, err
}

// diskParseInto parses fields[i] into dst[i]; a nil dst still has to be a
// number (psutil converts every column it unpacks) but is not kept.
func diskParseInto(fields [][]byte, dst ...*uint64) bool {
	for i, p := range dst {
		v, ok := ParseUint(fields[i])
		if !ok {
			return false
		}
		if p != nil {
			*p = v
		}
	}
	return true
}
