package sysfs

import (
	"reflect"
	"testing"
)

func TestParseCPUList(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []int
	}{
		{"one range", "0-3\n", []int{0, 1, 2, 3}},
		{"single CPU", "0\n", []int{0}},
		{"mixed", "0-1,4,6-7\n", []int{0, 1, 4, 6, 7}},
		{"hyperthread siblings", "1,3\n", []int{1, 3}},
		{"all offline", "\n", nil},
		{"stray commas", " 0,,2 ,\n", []int{0, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseCPUList([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			n, err := CountCPUList([]byte(tt.in))
			if err != nil || n != len(tt.want) {
				t.Errorf("CountCPUList = %d, %v; want %d", n, err, len(tt.want))
			}
		})
	}
	for _, in := range []string{"3-1", "a", "0-", "-1"} {
		if _, err := ParseCPUList([]byte(in)); err == nil {
			t.Errorf("ParseCPUList(%q) succeeded", in)
		}
	}
}
