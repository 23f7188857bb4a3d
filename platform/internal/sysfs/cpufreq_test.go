package sysfs

import (
	"reflect"
	"testing"
)

func TestParseAffectedCPUs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []int
	}{
		{"policy per CPU", "2\n", []int{2}},
		{"shared policy", "0 1 2 3\n", []int{0, 1, 2, 3}},
		{"every CPU of the policy offline", "\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseAffectedCPUs([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if _, err := ParseAffectedCPUs([]byte("0 x\n")); err == nil {
		t.Error("ParseAffectedCPUs accepted a non-number")
	}
}

func TestParseKHz(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int64
	}{{"1219917\n", 1219917}, {"800000", 800000}} {
		got, err := ParseKHz([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("ParseKHz(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"<unknown>\n", ""} {
		if _, err := ParseKHz([]byte(in)); err == nil {
			t.Errorf("ParseKHz(%q) succeeded", in)
		}
	}
}
