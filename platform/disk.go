package platform

import (
	"errors"
	"math"
)

// DiskPartitions is psutil.disk_partitions(all): the mounted filesystems, in
// mount order. With all false only "physical" ones are kept: those mounted
// from a device, with a type that needs one (not proc, tmpfs, sysfs...).
func (s *System) DiskPartitions(all bool) ([]DiskPartition, error) {
	return s.backend.diskPartitions(s.FS(), all)
}

// DiskUsage is psutil.disk_usage(path): the size of the filesystem holding
// path and the space used and free on it. Total and Used count the blocks
// reserved for root; Free and Percent are what an unprivileged user can
// still write, so Percent is the Use% that df(1) shows (to one decimal
// where df rounds up). Used is negative, as in psutil, on the filesystems
// (some FUSE mounts) that report more free blocks than blocks. It reads no
// procfs root: any existing path works.
func (s *System) DiskUsage(path string) (DiskUsage, error) {
	total, availRoot, availUser, err := s.backend.diskUsage(path)
	if errors.Is(err, ErrNotImplemented) {
		return DiskUsage{}, err
	}
	if err != nil {
		return DiskUsage{}, &diskPathError{path: path, err: err}
	}
	return diskUsageOf(total, availRoot, availUser), nil
}

// diskUsageOf is psutil's _psposix.disk_usage over statvfs's byte counts.
// Python's integers do not overflow; here used is computed in int64, which
// holds every size below 8 EiB.
func diskUsageOf(total, availRoot, availUser uint64) DiskUsage {
	used := int64(total) - int64(availRoot)
	// total_user = used + avail_to_user, exact while it fits an int64, as
	// Python's int is; float(used) / total_user then rounds it once.
	var totalUser float64
	if availUser <= math.MaxInt64 && used <= math.MaxInt64-int64(availUser) {
		totalUser = float64(used + int64(availUser))
	} else {
		totalUser = float64(used) + float64(availUser)
	}
	return DiskUsage{
		Total:   total,
		Used:    used,
		Free:    availUser,
		Percent: usagePercent(float64(used), totalUser),
	}
}

// diskPathError is the OSError psutil raises for a path: its message reads
// "no such file or directory: '/x'" (the caller names the function) and it
// wraps the errno, so errors.Is(err, fs.ErrNotExist) holds.
type diskPathError struct {
	path string
	err  error
}

func (e *diskPathError) Error() string { return e.err.Error() + ": " + PyReprCut(e.path) }
func (e *diskPathError) Unwrap() error { return e.err }

// DiskIOCounters is psutil.disk_io_counters(): the I/O counters summed over
// the whole disks (partitions would be counted twice), or nil when there is
// no disk. With nowrap, counters that the kernel wrapped around keep
// growing (see [System.DiskIOCountersCacheClear]).
func (s *System) DiskIOCounters(nowrap bool) (*DiskIOCounters, error) {
	raw, err := s.diskIORaw(false, nowrap)
	if err != nil {
		return nil, err
	}
	return wrapSum(raw, diskIOFields, diskIOFromValues), nil
}

// PerDiskIOCounters is psutil.disk_io_counters(perdisk=True): the counters
// of every disk and partition, by kernel name; an empty map when there are
// none.
func (s *System) PerDiskIOCounters(nowrap bool) (map[string]DiskIOCounters, error) {
	raw, err := s.diskIORaw(true, nowrap)
	if err != nil {
		return nil, err
	}
	return wrapPerName(raw, diskIOFromValues), nil
}

// DiskIOCountersCacheClear is psutil's disk_io_counters.cache_clear(): it
// forgets the counters remembered for the nowrap option.
func (s *System) DiskIOCountersCacheClear() { s.diskWrap.reset() }

// diskIOFields is the number of fields of DiskIOCounters, in the order the
// backend returns them.
const diskIOFields = 9

// diskIORaw returns the backend's counters by disk name, corrected for
// wraps with nowrap. psutil shares one nowrap cache between perdisk true
// and false, keyed by disk name; so do we.
func (s *System) diskIORaw(perdisk, nowrap bool) (map[string][]uint64, error) {
	fsys, b := s.FS(), s.backend
	return s.diskWrap.read(nowrap, func() (map[string][]uint64, error) { return b.diskIOCounters(fsys, perdisk) })
}

func diskIOFromValues(v []uint64) DiskIOCounters {
	return DiskIOCounters{
		ReadCount:        v[0],
		WriteCount:       v[1],
		ReadBytes:        v[2],
		WriteBytes:       v[3],
		ReadTime:         v[4],
		WriteTime:        v[5],
		ReadMergedCount:  v[6],
		WriteMergedCount: v[7],
		BusyTime:         v[8],
	}
}
