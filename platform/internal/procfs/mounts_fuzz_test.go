package procfs

import (
	"strings"
	"testing"
)

func FuzzParseMounts(f *testing.F) {
	addFixtures(f, []string{"proc/mounts", "proc/self/mounts", "proc/*/mounts", "etc/mtab"},
		"/dev/sda1 / ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n",
		"/dev/sdb1 /mnt/My\\040Disk vfat rw 0 0\n",
		"a\\\\b\\134c\\011d\\012e\\0 /x\\ y z\n",
		"# comment\n\n   \t\n/dev/x\t\t/y   z\n",
		"\\", "\\0", "\\04", "x \\\\\\",
		strings.Repeat("a", 5000)+" /b c d\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ms := ParseMounts(b, nil)
		for _, m := range ms {
			if m.Device == "" {
				t.Fatalf("mount without a device: %+v", m)
			}
			if len(m.Device)+len(m.Mountpoint)+len(m.Fstype)+len(m.Opts) > diskMntentLineMax {
				t.Fatalf("entry longer than a getmntent line: %+v", m)
			}
		}
	})
}

func FuzzParseMountinfoFstypes(f *testing.F) {
	addFixtures(f, []string{"proc/self/mountinfo", "proc/*/mountinfo"},
		"36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue\n",
		"22 1 8:1 / / rw shared:1 - ext4 /dev/sda1 rw\n23 22 0:5 / /proc rw - proc proc rw\n",
		"- -\n", "-\n", "1 2 - \n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		for _, fs := range ParseMountinfoFstypes(b, nil) {
			if len(fs) == 0 || !contains(b, fs) {
				t.Fatalf("fstype %q is empty or does not alias the input", fs)
			}
		}
	})
}
