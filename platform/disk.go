package platform

import (
	"errors"
	"strconv"
)

// DiskPartitions is psutil.disk_partitions(all): the mounted filesystems, in
// mount order. With all false only "physical" ones are kept: those mounted
// from a device, with a type that needs one (not proc, tmpfs, sysfs...).
func (s *System) DiskPartitions(all bool) ([]DiskPartition, error) {
	return diskPartitions(s.FS(), all)
}

// DiskUsage is psutil.disk_usage(path): the size of the filesystem holding
// path and the space used and free on it. Total and Used count the blocks
// reserved for root; Free and Percent are what an unprivileged user can
// still write, so Percent is the Use% that df(1) shows (to one decimal
// where df rounds up). It reads no procfs root: any existing path works.
func (s *System) DiskUsage(path string) (DiskUsage, error) {
	total, availRoot, availUser, err := diskStatfs(path)
	if errors.Is(err, ErrNotImplemented) {
		return DiskUsage{}, err
	}
	if err != nil {
		return DiskUsage{}, &diskPathError{fn: "disk_usage", path: path, err: err}
	}
	// psutil's _psposix.disk_usage.
	used := total - availRoot
	return DiskUsage{
		Total:   total,
		Used:    used,
		Free:    availUser,
		Percent: diskUsagePercent(used, used+availUser),
	}, nil
}

// diskUsagePercent is psutil's usage_percent(used, total, round_=1): 0 for
// an empty total, else rounded to one decimal as Python's round() does
// (correctly, on the exact binary value; strconv rounds the same way).
func diskUsagePercent(used, total uint64) float64 {
	if total == 0 {
		return 0
	}
	p := float64(used) / float64(total) * 100
	r, _ := strconv.ParseFloat(strconv.FormatFloat(p, 'f', 1, 64), 64)
	return r
}

// diskPathError is the OSError psutil raises for a path: its message reads
// "disk_usage: no such file or directory: '/x'" and it wraps the errno, so
// errors.Is(err, fs.ErrNotExist) holds.
type diskPathError struct {
	fn, path string
	err      error
}

func (e *diskPathError) Error() string {
	return e.fn + ": " + e.err.Error() + ": " + PyRepr(e.path)
}
func (e *diskPathError) Unwrap() error { return e.err }

// DiskIOCounters is psutil.disk_io_counters(): the I/O counters summed over
// the whole disks (partitions would be counted twice), or nil when there is
// no disk. With nowrap, counters that the kernel wrapped around keep
// growing (see [System.DiskIOCountersCacheClear]).
func (s *System) DiskIOCounters(nowrap bool) (*DiskIOCounters, error) {
	raw, err := s.diskIORaw(false, nowrap)
	if err != nil || len(raw) == 0 {
		return nil, err
	}
	var sum [diskIOFields]uint64
	for _, v := range raw {
		for i := range sum {
			sum[i] += v[i]
		}
	}
	c := diskIOFromValues(sum[:])
	return &c, nil
}

// PerDiskIOCounters is psutil.disk_io_counters(perdisk=True): the counters
// of every disk and partition, by kernel name; an empty map when there are
// none.
func (s *System) PerDiskIOCounters(nowrap bool) (map[string]DiskIOCounters, error) {
	raw, err := s.diskIORaw(true, nowrap)
	if err != nil {
		return nil, err
	}
	out := make(map[string]DiskIOCounters, len(raw))
	for name, v := range raw {
		out[name] = diskIOFromValues(v)
	}
	return out, nil
}

// DiskIOCountersCacheClear is psutil's disk_io_counters.cache_clear(): it
// forgets the counters remembered for the nowrap option.
func (s *System) DiskIOCountersCacheClear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.diskWrap.reset()
}

// diskIOFields is the number of fields of DiskIOCounters, in the order the
// backend returns them.
const diskIOFields = 9

// diskIORaw returns the backend's counters by disk name, corrected for
// wraps with nowrap. psutil shares one nowrap cache between perdisk true
// and false, keyed by disk name; so do we. With nowrap the lock is held
// across the read too, so that two callers cannot feed the cache samples
// out of order (which it would take for a wrap).
func (s *System) diskIORaw(perdisk, nowrap bool) (map[string][]uint64, error) {
	if !nowrap {
		return diskIOCounters(s.FS(), perdisk)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, err := diskIOCounters(s.fs, perdisk)
	if err != nil || len(raw) == 0 {
		return raw, err
	}
	return s.diskWrap.apply(raw), nil
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
