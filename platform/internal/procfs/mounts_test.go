package procfs

import (
	"reflect"
	"strings"
	"testing"
)

// The expected values are what glibc's getmntent(3) returns for the same
// lines (checked with psutil's C extension, _psutil_linux.disk_partitions).
func TestParseMounts(t *testing.T) {
	long := "/" + strings.Repeat("a", 5000)
	tests := []struct {
		name string
		in   string
		want []Mount
	}{
		{"kernel line",
			"/dev/vda / ext4 rw,relatime,discard 0 0\n",
			[]Mount{{"/dev/vda", "/", "ext4", "rw,relatime,discard"}}},
		{"escaped space and tab, tab separators, trailing blanks",
			"/dev/x\t/mnt/with\\040space\\011tab  ext4   rw,x   0 0  \n",
			[]Mount{{"/dev/x", "/mnt/with space\ttab", "ext4", "rw,x"}}},
		{"backslash as \\134 and \\\\, newline, unknown escape kept",
			"/dev/y /mnt/bs\\134x\\\\y\\012z\\041 ext4 rw\n",
			[]Mount{{"/dev/y", "/mnt/bs\\x\\y\nz\\041", "ext4", "rw"}}},
		{"comments and blank lines skipped",
			"  # comment\n\n   \n#x y z w\nnone /n tmpfs\t\trw 0\n",
			[]Mount{{"none", "/n", "tmpfs", "rw"}}},
		{"missing fields are empty",
			"only two\n/dev/z /m\n",
			[]Mount{{"only", "two", "", ""}, {"/dev/z", "/m", "", ""}}},
		{"getmntent reads 4095 bytes of a line",
			"dev " + long + " ext4 rw 0 0\nd2 /m2 xfs ro 0 0\n",
			[]Mount{{"dev", long[:4091], "", ""}, {"d2", "/m2", "xfs", "ro"}}},
		{"no final newline",
			"proc /proc proc rw,relatime 0 0",
			[]Mount{{"proc", "/proc", "proc", "rw,relatime"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ParseMounts([]byte(tt.in), nil)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseMountinfoFstypes(t *testing.T) {
	in := "22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard\n" +
		"23 22 0:21 / /proc rw,nosuid - proc proc rw\n" +
		"24 22 0:22 / /mnt/a\\040b rw master:2 shared:3 - tmpfs tmpfs rw,size=4k\n" +
		"bad line\n"
	got := ParseMountinfoFstypes([]byte(in), nil)
	want := []string{"ext4", "proc", "tmpfs"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
