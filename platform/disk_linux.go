//go:build linux

package platform

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/sysfs"
)

// diskPartitions is psutil's _pslinux.disk_partitions.
func (linuxSystem) diskPartitions(fsys FS, all bool) ([]DiskPartition, error) {
	var physical []string
	if !all {
		var err error
		if physical, err = diskPhysicalFstypes(fsys); err != nil {
			return nil, err
		}
	}
	// psutil reads /etc/mtab when the procfs root is /proc and the file
	// exists (today a symlink to /proc/self/mounts; once a file mount(8)
	// kept): otherwise <procfs>/self/mounts, so that PROCFS_PATH is
	// honoured (psutil issues #1307 and #1470).
	path := fsys.proc("self", "mounts")
	if fsys.Live() {
		mtab := fsys.etc("mtab")
		if st, err := os.Stat(mtab); err == nil && st.Mode().IsRegular() {
			path = mtab
		}
	}
	var mounts []procfs.Mount
	err := procfs.ReadFile(path, func(b []byte) error {
		mounts = procfs.ParseMounts(b, make([]procfs.Mount, 0, bytes.Count(b, []byte{'\n'})+1))
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]DiskPartition, 0, len(mounts))
	for _, m := range mounts {
		p := DiskPartition(m)
		switch p.Device {
		case "none":
			p.Device = ""
		case "/dev/root", "rootfs":
			if dev := diskRootDevice(fsys); dev != "" {
				p.Device = dev
			}
		}
		if !all && (p.Device == "" || !slices.Contains(physical, p.Fstype)) {
			continue
		}
		out = append(out, p)
	}
	return out, nil
}

// diskPhysicalFstypes lists the filesystem types that live on a block
// device: those /proc/filesystems does not mark "nodev", plus zfs, which
// is marked so but has disks under it. Where /proc/filesystems may not be
// read (Android, Termux: psutil issue #2191), psutil falls back to every
// type in /proc/self/mountinfo.
func diskPhysicalFstypes(fsys FS) ([]string, error) {
	var types []string
	err := procfs.ReadFile(fsys.proc("filesystems"), func(b []byte) error {
		fss := procfs.ParseFilesystems(b, make([]procfs.Filesystem, 0, bytes.Count(b, []byte{'\n'})+1))
		types = diskPhysicalFromFilesystems(fss)
		return nil
	})
	if errors.Is(err, os.ErrPermission) {
		err = procfs.ReadFile(fsys.proc("self", "mountinfo"), func(b []byte) error {
			types = diskStrings(procfs.ParseMountinfoFstypes(b, nil))
			return nil
		})
	}
	if err != nil {
		return nil, err
	}
	return types, nil
}

func diskPhysicalFromFilesystems(fss []procfs.Filesystem) []string {
	names := make([][]byte, 0, len(fss))
	for _, f := range fss {
		if !f.Nodev || string(f.Name) == "zfs" {
			names = append(names, f.Name)
		}
	}
	return diskStrings(names)
}

// diskStrings copies names out of the read buffer into one string.
func diskStrings(names [][]byte) []string {
	n := 0
	for _, b := range names {
		n += len(b)
	}
	all := make([]byte, 0, n)
	for _, b := range names {
		all = append(all, b...)
	}
	s := string(all)
	out := make([]string, len(names))
	for i, b := range names {
		out[i], s = s[:len(b)], s[len(b):]
	}
	return out
}

// diskRootDevice is psutil's RootFsDeviceFinder: the real device behind the
// "/dev/root" or "rootfs" that a kernel booted with root= may show, found
// from the device number of "/"; "" when unknown or not in /dev.
func diskRootDevice(fsys FS) string {
	var st unix.Stat_t
	if err := unix.Stat("/", &st); err != nil {
		return ""
	}
	path := diskFindRootDevice(fsys, unix.Major(st.Dev), unix.Minor(st.Dev))
	if path == "" {
		return ""
	}
	if _, err := os.Stat(path); err != nil {
		return ""
	}
	return path
}

// diskFindRootDevice names the device major:minor, asking in turn
// <procfs>/partitions, <sysfs>/dev/block/M:m/uevent and
// <sysfs>/class/block/*/dev, as psutil does.
func diskFindRootDevice(fsys FS, major, minor uint32) string {
	for _, ask := range [...]func(FS, uint32, uint32) string{
		diskRootFromPartitions, diskRootFromDevBlock, diskRootFromClassBlock,
	} {
		if path := ask(fsys, major, minor); path != "" {
			return path
		}
	}
	return ""
}

// diskRootFromPartitions reads /proc/partitions: two header lines, then
// "major minor #blocks name".
func diskRootFromPartitions(fsys FS, major, minor uint32) string {
	var f [8][]byte
	found := ""
	n := 0
	procfs.ReadFile(fsys.proc("partitions"), func(b []byte) error {
		procfs.Lines(b, func(line []byte) {
			n++
			if n <= 2 || found != "" {
				return
			}
			fields := procfs.Fields(line, f[:0])
			if len(fields) < 4 {
				return
			}
			ma, ok1 := procfs.ParseUint(fields[0])
			mi, ok2 := procfs.ParseUint(fields[1])
			if ok1 && ok2 && ma == uint64(major) && mi == uint64(minor) && len(fields[3]) > 0 {
				found = "/dev/" + string(fields[3])
			}
		})
		return nil
	})
	return found
}

// diskRootFromDevBlock reads the DEVNAME= line of the device's uevent.
func diskRootFromDevBlock(fsys FS, major, minor uint32) string {
	found := ""
	procfs.ReadFile(fsys.sys("dev", "block", diskMajorMinor(major, minor), "uevent"), func(b []byte) error {
		procfs.Lines(b, func(line []byte) {
			s := string(line)
			if found != "" || !strings.HasPrefix(s, "DEVNAME=") {
				return
			}
			s = strings.TrimSpace(s)
			if i := strings.LastIndex(s, "DEVNAME="); i >= 0 && i+8 < len(s) {
				found = "/dev/" + s[i+8:]
			}
		})
		return nil
	})
	return found
}

// diskRootFromClassBlock looks for the block device whose dev attribute is
// major:minor.
func diskRootFromClassBlock(fsys FS, major, minor uint32) string {
	dir := fsys.sys("class", "block")
	names, err := diskSortedNames(dir)
	if err != nil {
		return ""
	}
	want := diskMajorMinor(major, minor)
	for _, name := range names {
		if strings.HasPrefix(name, ".") { // not matched by psutil's glob "*"
			continue
		}
		match := false
		err := procfs.ReadFile(dir+"/"+name+"/dev", func(b []byte) error {
			match = string(bytes.TrimSpace(b)) == want
			return nil
		})
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return ""
		}
		if match {
			return "/dev/" + name
		}
	}
	return ""
}

func diskMajorMinor(major, minor uint32) string {
	return strconv.FormatUint(uint64(major), 10) + ":" + strconv.FormatUint(uint64(minor), 10)
}

// diskUsage is the statvfs(3) part of psutil's _psposix.disk_usage: the
// filesystem's size, the space free for root and the space free for
// others, in bytes.
func (linuxSystem) diskUsage(path string) (total, availRoot, availUser uint64, err error) {
	if len(path) >= unix.PathMax && strings.IndexByte(path, 0) < 0 {
		// What statfs says, without copying a path of any length first.
		return 0, 0, 0, unix.ENAMETOOLONG
	}
	var st unix.Statfs_t
	for {
		err = unix.Statfs(path, &st)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return 0, 0, 0, err
	}
	// statvfs(3) in glibc: the fragment size, or the block size on the
	// filesystems that leave f_frsize 0.
	frsize := uint64(st.Frsize)
	if frsize == 0 {
		frsize = uint64(st.Bsize)
	}
	return uint64(st.Blocks) * frsize, uint64(st.Bfree) * frsize, uint64(st.Bavail) * frsize, nil
}

// diskSectorSize converts the sector counts of /proc/diskstats to bytes.
// It is 512 whatever the device's own sector size: the kernel counts in
// "standard UNIX 512-byte sectors, not any device- or filesystem-specific
// block size" (Documentation/block/stat.rst), as psutil assumes too.
const diskSectorSize = 512

// diskIOCounters is psutil's _pslinux.disk_io_counters: the counters of
// every device by kernel name, in DiskIOCounters' field order, bytes and
// milliseconds. Without perdisk, only whole disks are kept (see
// diskIsStorageDevice), which are what the caller sums.
func (linuxSystem) diskIOCounters(fsys FS, perdisk bool) (map[string][]uint64, error) {
	stats, err := diskReadStats(fsys)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]uint64, len(stats))
	vals := make([]uint64, 0, diskIOFields*len(stats))
	for i := range stats {
		d := &stats[i]
		if !perdisk && !diskIsStorageDevice(fsys, d.Name) {
			continue
		}
		n := len(vals)
		vals = append(vals,
			d.ReadIOs, d.WriteIOs,
			d.ReadSectors*diskSectorSize, d.WriteSectors*diskSectorSize,
			d.ReadTicks, d.WriteTicks,
			d.ReadMerges, d.WriteMerges,
			d.IOTicks)
		out[d.Name] = vals[n:len(vals):len(vals)]
	}
	return out, nil
}

// diskReadStats reads /proc/diskstats or, on kernels without it, every
// stat file under /sys/block.
func diskReadStats(fsys FS) ([]procfs.DiskStat, error) {
	path := fsys.proc("diskstats")
	var stats []procfs.DiskStat
	err := procfs.ReadFile(path, func(b []byte) error {
		var err error
		stats, err = procfs.ParseDiskstats(b, make([]procfs.DiskStat, 0, bytes.Count(b, []byte{'\n'})+1))
		return err
	})
	if err == nil {
		return stats, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	block := fsys.sys("block")
	if _, err := os.Stat(block); err != nil {
		return nil, fmt.Errorf("%w: %s nor %s are available on this system", ErrNotImplemented, path, block)
	}
	return diskSysfsStats(block)
}

// diskSysfsStats walks each /sys/block/<disk> as psutil does with os.walk:
// the top symlink is followed but the symlinks below it are not (holders/
// and slaves/ link disks to each other), and every directory holding a
// "stat" file is a device named after the directory.
func diskSysfsStats(block string) ([]procfs.DiskStat, error) {
	names, err := diskSortedNames(block)
	if err != nil {
		return nil, err
	}
	var out []procfs.DiskStat
	for _, name := range names {
		if out, err = diskWalkBlock(block+"/"+name, name, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// diskSortedNames lists the entries of dir sorted by name, as os.ReadDir
// does, through the one getdents reader.
func diskSortedNames(dir string) ([]string, error) {
	var names []string
	if err := procfs.ReadDir(dir, func(name []byte) { names = append(names, string(name)) }); err != nil {
		return nil, err
	}
	slices.Sort(names)
	return names, nil
}

func diskWalkBlock(dir, name string, out []procfs.DiskStat) ([]procfs.DiskStat, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return out, nil // os.walk skips the directories it cannot list
	}
	for _, e := range entries {
		if e.Name() == "stat" && !e.IsDir() {
			var d procfs.DiskStat
			var perr error
			err := procfs.ReadFile(dir+"/stat", func(b []byte) error {
				d, perr = sysfs.ParseBlockStat(b)
				return nil
			})
			if err != nil {
				return out, err
			}
			if err := perr; err != nil {
				return out, &fs.PathError{Op: "parse", Path: dir + "/stat", Err: err}
			}
			d.Name = name
			out = append(out, d)
			break
		}
	}
	for _, e := range entries {
		if e.IsDir() {
			if out, err = diskWalkBlock(dir+"/"+e.Name(), e.Name(), out); err != nil {
				return out, err
			}
		}
	}
	return out, nil
}

// diskIsStorageDevice is psutil's is_storage_device: a whole disk (sda,
// nvme0n1, loop0, dm-0) has a /sys/block entry, a partition (sda1) does
// not. sysfs spells a '/' in a kernel name as '!' (cciss/c0d0).
func diskIsStorageDevice(fsys FS, name string) bool {
	name = strings.ReplaceAll(name, "/", "!")
	return unix.Faccessat(unix.AT_FDCWD, fsys.Sys+"/block/"+name, unix.F_OK, 0) == nil
}
