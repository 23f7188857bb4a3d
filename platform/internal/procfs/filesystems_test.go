package procfs

import (
	"reflect"
	"testing"
)

func TestParseFilesystems(t *testing.T) {
	type fs struct {
		name  string
		nodev bool
	}
	tests := []struct {
		name string
		in   string
		want []fs
	}{
		{"kernel file", "nodev\tsysfs\nnodev\ttmpfs\n\text4\n\tsquashfs\nnodev\tzfs\n",
			[]fs{{"sysfs", true}, {"tmpfs", true}, {"ext4", false}, {"squashfs", false}, {"zfs", true}}},
		{"blanks trimmed", "  \text3 \r\nnodev\tproc\t\n", []fs{{"ext3", false}, {"proc", true}}},
		{"nodev without a tab column is skipped", "nodev\n\txfs\n", []fs{{"xfs", false}}},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []fs
			for _, f := range ParseFilesystems([]byte(tt.in), nil) {
				got = append(got, fs{string(f.Name), f.Nodev})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
