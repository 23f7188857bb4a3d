//go:build linux

package platform

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// dio builds a DiskIOCounters from psutil's field order.
func dio(v ...uint64) DiskIOCounters { return diskIOFromValues(v) }

// The expected values are what python3-psutil returns with PROCFS_PATH set
// to the fixture's proc/ and is_storage_device looking in its sys/block.
func TestDiskIOCountersFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		sum     *DiskIOCounters
		perdisk map[string]DiskIOCounters
	}{
		{
			// Linux 2.6 to 4.17: 14 fields; partitions left out of the sum.
			"disk-diskstats-14",
			&DiskIOCounters{85311945, 68754090, 1029800385024, 538032919040, 64743750, 1223446813, 34367670, 11178176, 21202750},
			map[string]DiskIOCounters{
				"loop0":     dio(0, 0, 0, 0, 0, 0, 0, 0, 0),
				"sda":       dio(25354637, 28444756, 513713216512, 258916880384, 18492372, 63877960, 34367663, 11134226, 9653880),
				"sda1":      dio(250, 0, 1024000, 0, 36, 0, 0, 0, 36),
				"sda2":      dio(246, 0, 1007616, 0, 32, 0, 0, 0, 32),
				"sda3":      dio(340, 11, 1442816, 77824, 52, 8, 13, 8, 56),
				"sda4":      dio(25353629, 27448755, 513709037568, 258916802560, 18492232, 61593380, 34367650, 11134218, 7576432),
				"dm-0":      dio(59910002, 39231014, 513708655616, 258916802560, 46229572, 1158557800, 0, 0, 11325968),
				"mmcblk0":   dio(192, 0, 798720, 0, 156, 0, 3, 0, 136),
				"mmcblk0p1": dio(17, 0, 81920, 0, 24, 0, 3, 0, 24),
				"mmcblk0p2": dio(95, 0, 389120, 0, 68, 0, 0, 0, 68),
				"sr0":       dio(0, 0, 0, 0, 0, 0, 0, 0, 0),
				"nvme0n1":   dio(47114, 1078320, 2377714176, 20199236096, 21650, 1011053, 4, 43950, 222766),
				"nvme0n1p1": dio(1140, 1, 4797440, 512, 16, 0, 0, 0, 16),
				"nvme0n1p2": dio(45914, 1036885, 2371196416, 20199235584, 21626, 919480, 4, 43950, 131580),
			},
		},
		{
			// 4.18+: 18 fields, the 4 discard columns ignored.
			"disk-diskstats-18",
			&DiskIOCounters{326552, 41822, 4944782848, 1010127360, 84, 5007, 841, 2895, 60730},
			map[string]DiskIOCounters{
				"sdb":  dio(326552, 41822, 4944782848, 1010127360, 84, 5007, 841, 2895, 60730),
				"sdb1": dio(231, 24, 17646592, 54272, 4, 0, 3, 23, 64),
				"sdb2": dio(326310, 40726, 4926607872, 1010073088, 67, 4924, 838, 2872, 58250),
			},
		},
		{
			// 5.5+: 20 fields (this machine).
			"disk-diskstats-20",
			&DiskIOCounters{34651, 1731, 692040704, 306561024, 12284, 1835, 6850, 7800, 3964},
			map[string]DiskIOCounters{
				"loop0": {},
				"loop1": {},
				"vda":   dio(34651, 1731, 692040704, 306561024, 12284, 1835, 6850, 7800, 3964),
				"zram0": {},
			},
		},
		{
			// 2.6 printed 4 counters for partitions: times and merges are 0.
			"disk-diskstats-7",
			&DiskIOCounters{446216, 424847, 4889952256, 3032090624, 4382310, 19310380, 784926, 312726, 3376340},
			map[string]DiskIOCounters{
				"hda":  dio(446216, 424847, 4889952256, 3032090624, 4382310, 19310380, 784926, 312726, 3376340),
				"hda1": dio(35486, 38030, 19471360, 19471360, 0, 0, 0, 0, 0),
			},
		},
		{
			// 14-, 18- and 20-field lines in one file.
			"disk-diskstats-mixed",
			&DiskIOCounters{25695391, 28489573, 518954531328, 260019423744, 18514317, 63923842, 34368575, 11138710, 9726238},
			map[string]DiskIOCounters{
				"ram0": {},
				"sda":  dio(25354637, 28444756, 513713216512, 258916880384, 18492372, 63877960, 34367663, 11134226, 9653880),
				"sda1": dio(250, 0, 1024000, 0, 36, 0, 0, 0, 36),
				"sdb":  dio(326552, 41822, 4944782848, 1010127360, 84, 5007, 841, 2895, 60730),
				"sdb1": dio(231, 24, 17646592, 54272, 4, 0, 3, 23, 64),
				"sdc":  dio(14202, 2995, 296531968, 92416000, 21861, 40875, 71, 1589, 11628),
				"sdc1": dio(1027, 2, 7063040, 2097152, 5021, 3, 0, 0, 690),
			},
		},
		{
			// Linux 2.6.15 with a cciss controller: "cciss/c0d0" in
			// diskstats is /sys/block/cciss!c0d0, so it counts as a disk and
			// its 7-field partitions do not.
			"disk-cciss",
			&DiskIOCounters{87411017, 15147344, 0, 0, 658279896, 1538467336, 244925, 18447154, 383232732},
			map[string]DiskIOCounters{
				"fd0":          {},
				"ram0":         {},
				"cciss/c0d0":   dio(847389, 1619046, 0, 0, 2982364, 52598252, 32332, 4086174, 12069816),
				"cciss/c0d0p1": dio(554, 7, 26819584, 10240, 0, 0, 0, 0, 0),
				"cciss/c0d0p2": dio(29, 42, 118784, 172032, 0, 0, 0, 0, 0),
				"cciss/c0d0p3": dio(84233, 1516187, 2975638528, 6210301952, 0, 0, 0, 0, 0),
				"cciss/c0d0p4": dio(795049, 4190632, 8921724928, 17164832768, 0, 0, 0, 0, 0),
				"cciss/c0d1":   dio(86563628, 13528298, 0, 0, 655297532, 1485869084, 212593, 14360980, 371162916),
				"cciss/c0d1p1": dio(86776123, 27890200, 564369746432, 114238267392, 0, 0, 0, 0, 0),
				"hda":          {},
				"dm-0":         {},
			},
		},
		{
			// No /proc/diskstats: every stat file under /sys/block/*, whose
			// entries are symlinks into /sys/devices. The holders/ and slaves/
			// symlinks that tie nvme0n1p3 and dm-0 together are not followed.
			"disk-sysfs",
			&DiskIOCounters{
				61050 + 6447303, 83902 + 953216, (4202091 + 710266738) * 512, (2302530 + 31201176) * 512,
				25036 + 1529043, 32404 + 4557464, 16774, 46848, 20551 + 796160},
			map[string]DiskIOCounters{
				"nvme0n1":   dio(61050, 83902, 4202091*512, 2302530*512, 25036, 32404, 16774, 46848, 20551),
				"nvme0n1p1": dio(575, 2, 14410*512, 2*512, 185, 0, 1730, 0, 17),
				"nvme0n1p2": dio(144, 21, 8954*512, 248*512, 32, 20, 19, 14, 128),
				"nvme0n1p3": dio(60223, 83879, 4174111*512, 2302280*512, 24812, 32384, 15025, 46834, 24667),
				"dm-0":      dio(6447303, 953216, 710266738*512, 31201176*512, 1529043, 4557464, 0, 0, 796160),
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			s := fixture(t, tt.fixture)
			for _, nowrap := range []bool{false, true} {
				sum, err := s.DiskIOCounters(nowrap)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(sum, tt.sum) {
					t.Errorf("DiskIOCounters(%v) = %+v\nwant %+v", nowrap, sum, tt.sum)
				}
				perdisk, err := s.PerDiskIOCounters(nowrap)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(perdisk, tt.perdisk) {
					t.Errorf("PerDiskIOCounters(%v) = %+v\nwant %+v", nowrap, perdisk, tt.perdisk)
				}
			}
		})
	}
}

func TestDiskIOCountersEdgeCases(t *testing.T) {
	tmp := t.TempDir()
	write := func(name, data string) string {
		dir := filepath.Join(tmp, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "diskstats"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return dir
	}

	t.Run("only partitions: no disk to sum", func(t *testing.T) {
		s := New(FS{Proc: testdata("disk-diskstats-7", "proc"), Sys: filepath.Join(tmp, "nosys")})
		got, err := s.DiskIOCounters(true)
		if err != nil || got != nil {
			t.Errorf("DiskIOCounters = %+v, %v; want nil, nil", got, err)
		}
		per, err := s.PerDiskIOCounters(true)
		if err != nil || len(per) != 2 {
			t.Errorf("PerDiskIOCounters = %+v, %v; want hda and hda1", per, err)
		}
	})
	t.Run("empty diskstats", func(t *testing.T) {
		s := New(FS{Proc: write("empty", ""), Sys: tmp})
		got, err := s.DiskIOCounters(true)
		if err != nil || got != nil {
			t.Errorf("DiskIOCounters = %+v, %v; want nil, nil", got, err)
		}
		per, err := s.PerDiskIOCounters(true)
		if err != nil || per == nil || len(per) != 0 {
			t.Errorf("PerDiskIOCounters = %#v, %v; want an empty map", per, err)
		}
	})
	t.Run("line psutil cannot interpret", func(t *testing.T) {
		s := New(FS{Proc: write("bad", "   8 0 sda 1 2 3 4 5\n"), Sys: tmp})
		if _, err := s.PerDiskIOCounters(false); !errors.Is(err, procfs.ErrFileParse) {
			t.Errorf("err = %v, want ErrFileParse", err)
		}
	})
	t.Run("bad sys/block stat names its file", func(t *testing.T) {
		sys := filepath.Join(tmp, "badsys")
		stat := filepath.Join(sys, "block", "sda", "stat")
		if err := os.MkdirAll(filepath.Dir(stat), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(stat, []byte("1 2 x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		s := New(FS{Proc: filepath.Join(tmp, "noproc"), Sys: sys})
		_, err := s.PerDiskIOCounters(false)
		if !errors.Is(err, procfs.ErrFileParse) || !strings.Contains(err.Error(), stat) {
			t.Errorf("err = %v, want a parse error naming %s", err, stat)
		}
	})
	t.Run("neither diskstats nor sys/block", func(t *testing.T) {
		s := New(FS{Proc: filepath.Join(tmp, "noproc"), Sys: filepath.Join(tmp, "nosys")})
		_, err := s.DiskIOCounters(false)
		if !errors.Is(err, ErrNotImplemented) {
			t.Errorf("err = %v, want ErrNotImplemented", err)
		}
	})
}

// nowrap: counters that go backwards between two calls (here: swapping the
// fixture for one where vda's read counters wrapped) keep growing.
func TestDiskIOCountersNowrap(t *testing.T) {
	s := fixture(t, "disk-diskstats-20")
	before := FixtureFS(testdata("disk-diskstats-20"))
	wrapped := FixtureFS(testdata("disk-diskstats-20-wrapped"))
	vdaBefore := dio(34651, 1731, 692040704, 306561024, 12284, 1835, 6850, 7800, 3964)
	vdaRaw := dio(100, 1800, 1024000, 307200000, 12300, 1900, 6900, 7900, 4000)
	// read_count 34651 -> 100 and read_bytes 1351642 -> 2000 sectors wrapped.
	vdaFixed := dio(34651+100, 1800, 692040704+1024000, 307200000, 12300, 1900, 6900, 7900, 4000)

	per := func(nowrap bool) DiskIOCounters {
		t.Helper()
		m, err := s.PerDiskIOCounters(nowrap)
		if err != nil {
			t.Fatal(err)
		}
		return m["vda"]
	}
	sum := func(nowrap bool) DiskIOCounters {
		t.Helper()
		c, err := s.DiskIOCounters(nowrap)
		if err != nil || c == nil {
			t.Fatal(c, err)
		}
		return *c
	}
	steps := []struct {
		name string
		fs   FS
		got  func() DiskIOCounters
		want DiskIOCounters
	}{
		{"first call", before, func() DiskIOCounters { return per(true) }, vdaBefore},
		{"wrapped, perdisk", wrapped, func() DiskIOCounters { return per(true) }, vdaFixed},
		{"wrapped, summed (same cache)", wrapped, func() DiskIOCounters { return sum(true) }, vdaFixed},
		{"nowrap=false sees the raw values", wrapped, func() DiskIOCounters { return per(false) }, vdaRaw},
		{"back to the first sample: now every counter went backwards", before, func() DiskIOCounters { return per(true) },
			dio(34651+34651, 1731+1800, 692040704*2, 306561024+307200000, 12284+12300, 1835+1900, 6850+6900, 7800+7900, 3964+4000)},
	}
	for _, st := range steps {
		s.SetFS(st.fs)
		if got := st.got(); got != st.want {
			t.Fatalf("%s: got %+v\nwant %+v", st.name, got, st.want)
		}
	}
	s.DiskIOCountersCacheClear()
	s.SetFS(wrapped)
	if got := per(true); got != vdaRaw {
		t.Errorf("after cache_clear: got %+v, want the raw %+v", got, vdaRaw)
	}
}

func TestDiskPartitionsFixture(t *testing.T) {
	physical := []DiskPartition{
		{"/dev/nvme0n1p2", "/", "ext4", "rw,relatime,errors=remount-ro"},
		{"/dev/loop0", "/snap/core20/1974", "squashfs", "ro,nodev,relatime,errors=continue,threads=single"},
		{"/dev/nvme0n1p1", "/boot/efi", "vfat", "rw,relatime,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro"},
		{"tank/home", "/home", "zfs", "rw,relatime,xattr,noacl"},                // "nodev zfs" is kept
		{"/dev/nvme0n1p2", "/srv/www", "ext4", "rw,relatime,errors=remount-ro"}, // bind mount
		{"/dev/sda1", "/media/user/My Passport\tBackup", "ext4", "rw,nosuid,nodev,relatime,errors=remount-ro"},
		{"/dev/sdb1", "/mnt/back\\slash and\nnewline", "xfs", "rw,relatime,attr2,inode64,logbufs=8,logbsize=32k,noquota"},
	}
	all := []DiskPartition{
		// No partitions, no sysfs in this fixture: the root device cannot
		// be found, so "rootfs" stays.
		{"rootfs", "/", "rootfs", "rw"},
		{"sysfs", "/sys", "sysfs", "rw,nosuid,nodev,noexec,relatime"},
		{"proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"},
		{"udev", "/dev", "devtmpfs", "rw,nosuid,relatime,size=8104568k,nr_inodes=2026142,mode=755,inode64"},
		{"devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=000"},
		{"tmpfs", "/run", "tmpfs", "rw,nosuid,nodev,noexec,relatime,size=1627196k,mode=755,inode64"},
		physical[0],
		{"securityfs", "/sys/kernel/security", "securityfs", "rw,nosuid,nodev,noexec,relatime"},
		{"tmpfs", "/dev/shm", "tmpfs", "rw,nosuid,nodev,inode64"},
		{"cgroup2", "/sys/fs/cgroup", "cgroup2", "rw,nosuid,nodev,noexec,relatime,nsdelegate,memory_recursiveprot"},
		{"", "/sys/fs/bpf", "bpf", "rw,nosuid,nodev,noexec,relatime,mode=700"}, // device "none"
		physical[1], physical[2], physical[3], physical[4],
		{"tmpfs", "/run/user/1000", "tmpfs", "rw,nosuid,nodev,relatime,size=1627192k,nr_inodes=406798,mode=700,uid=1000,gid=1000,inode64"},
		physical[5], physical[6],
	}
	s := fixture(t, "disk-mounts")
	for _, tt := range []struct {
		all  bool
		want []DiskPartition
	}{{false, physical}, {true, all}} {
		got, err := s.DiskPartitions(tt.all)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("DiskPartitions(%v):\n got %q\nwant %q", tt.all, got, tt.want)
		}
	}
}

func TestDiskPartitionsMissingFiles(t *testing.T) {
	tmp := t.TempDir()
	s := New(FS{Proc: tmp, Sys: tmp})
	for _, all := range []bool{false, true} {
		if _, err := s.DiskPartitions(all); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("DiskPartitions(%v) err = %v, want ErrNotExist", all, err)
		}
	}
	// all=True does not need /proc/filesystems.
	self, err := filepath.Abs(testdata("disk-mounts", "proc", "self"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(self, filepath.Join(tmp, "self")); err != nil {
		t.Fatal(err)
	}
	if got, err := s.DiskPartitions(true); err != nil || len(got) != 18 {
		t.Errorf("DiskPartitions(true) without /proc/filesystems = %d partitions, %v", len(got), err)
	}
	if _, err := s.DiskPartitions(false); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("DiskPartitions(false) without /proc/filesystems: err = %v", err)
	}
}

func TestDiskPhysicalFstypes(t *testing.T) {
	fss := procfs.ParseFilesystems([]byte("nodev\tsysfs\n\text4\nnodev\tzfs\n\tvfat\nnodev\tnfs\n"), nil)
	got := diskPhysicalFromFilesystems(fss)
	if want := []string{"ext4", "zfs", "vfat"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestDiskFindRootDevice(t *testing.T) {
	root := FixtureFS(testdata("disk-rootfs"))
	none := FS{Proc: t.TempDir(), Sys: t.TempDir()}
	onlySys := FS{Proc: none.Proc, Sys: root.Sys}
	tests := []struct {
		name         string
		fs           FS
		major, minor uint32
		want         string
	}{
		{"from /proc/partitions", root, 259, 2, "/dev/nvme0n1p2"},
		{"from /sys/dev/block/M:m/uevent", onlySys, 259, 2, "/dev/nvme0n1p2"},
		{"from /sys/class/block/*/dev", onlySys, 11, 0, "/dev/sr0"},
		{"unknown device", root, 8, 5, ""},
		{"nothing to ask", none, 259, 2, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := diskFindRootDevice(tt.fs, tt.major, tt.minor); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	// Each source on its own.
	if got := diskRootFromPartitions(root, 259, 1); got != "/dev/nvme0n1p1" {
		t.Errorf("partitions: got %q", got)
	}
	if got := diskRootFromDevBlock(root, 8, 0); got != "/dev/sda" {
		t.Errorf("uevent: got %q", got)
	}
	if got := diskRootFromClassBlock(root, 259, 0); got != "/dev/nvme0n1" {
		t.Errorf("class/block: got %q", got)
	}
}

func TestDiskIsStorageDevice(t *testing.T) {
	fsys := FixtureFS(testdata("disk-cciss"))
	for name, want := range map[string]bool{
		"cciss/c0d0":   true, // /sys/block/cciss!c0d0
		"cciss/c0d0p1": false,
		"hda":          true,
		"hda1":         false,
		"cciss!c0d0":   true,
	} {
		if got := diskIsStorageDevice(fsys, name); got != want {
			t.Errorf("diskIsStorageDevice(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestDiskUsageErrors(t *testing.T) {
	_, err := Default.DiskUsage("/no/such/dir")
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want ErrNotExist", err)
	}
	if want := "no such file or directory: '/no/such/dir'"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if _, err := Default.DiskUsage(""); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf(`DiskUsage("") err = %v, want ErrNotExist`, err)
	}
}

func TestDiskUsageOf(t *testing.T) {
	// psutil's _psposix.disk_usage over the same statvfs byte counts.
	tests := []struct {
		name                       string
		total, availRoot, availUse uint64
		want                       DiskUsage
	}{
		{"ext4 with reserved blocks", 409600, 163840, 122880, DiskUsage{409600, 245760, 122880, 66.7}},
		{"empty filesystem", 0, 0, 0, DiskUsage{0, 0, 0, 0}},
		{"FUSE: more free blocks than blocks", 409600, 413696, 204800, DiskUsage{409600, -4096, 204800, -2}},
		{"FUSE: used + free is 0", 4096, 8192, 4096, DiskUsage{4096, -4096, 4096, 0}},
		{"used + free beyond int64", 1 << 62, 0, 1<<63 + 5, DiskUsage{1 << 62, 1 << 62, 1<<63 + 5, 33.3}},
	}
	for _, tt := range tests {
		if got := diskUsageOf(tt.total, tt.availRoot, tt.availUse); got != tt.want {
			t.Errorf("%s: got %+v, want %+v", tt.name, got, tt.want)
		}
	}
}

func BenchmarkDiskIOCounters(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.DiskIOCounters(true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPerDiskIOCounters(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.PerDiskIOCounters(true); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiskPartitions(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.DiskPartitions(false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDiskUsage(b *testing.B) {
	s := New(LiveFS())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.DiskUsage("/"); err != nil {
			b.Fatal(err)
		}
	}
}
