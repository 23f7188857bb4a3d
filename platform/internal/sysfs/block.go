package sysfs

import (
	"bytes"
	"fmt"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// ParseBlockStat parses /sys/block/<dev>/stat or /sys/block/<dev>/<part>/stat
// (Documentation/block/stat.rst): the statistics columns of a diskstats line
// without major, minor and name. Only the first ten are read; 11 (before
// 4.18), 15 (4.18+) and 17 (5.5+) are printed. The result has no Name.
func ParseBlockStat(b []byte) (procfs.DiskStat, error) {
	var f [24][]byte
	fields := procfs.Fields(b, f[:0])
	var d procfs.DiskStat
	if len(fields) < 10 {
		return d, diskBlockStatError(b)
	}
	var inFlight uint64
	for i, p := range [10]*uint64{&d.ReadIOs, &d.ReadMerges, &d.ReadSectors, &d.ReadTicks,
		&d.WriteIOs, &d.WriteMerges, &d.WriteSectors, &d.WriteTicks, &inFlight, &d.IOTicks} {
		v, ok := procfs.ParseUint(fields[i])
		if !ok {
			return procfs.DiskStat{}, diskBlockStatError(b)
		}
		*p = v
	}
	return d, nil
}

func diskBlockStatError(b []byte) error {
	return fmt.Errorf("%w block stat line %q", procfs.ErrFileParse, bytes.TrimRight(b, "\n"))
}
