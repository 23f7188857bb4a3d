package sysfs

import (
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

func TestHwmonSensorBases(t *testing.T) {
	tests := []struct {
		name  string
		names []string
		kind  string
		want  []string
	}{
		{
			name: "coretemp temperatures",
			names: []string{"name", "device", "power", "subsystem", "uevent",
				"temp2_input", "temp1_label", "temp1_input", "temp1_max", "temp1_crit",
				"temp1_crit_alarm", "temp10_input", "temp2_label"},
			kind: "temp",
			want: []string{"temp1", "temp10", "temp2"},
		},
		{
			name:  "fans beside pwm and in",
			names: []string{"fan2_input", "fan2_min", "fan1_alarm", "pwm1_enable", "in0_input", "fan_foo"},
			kind:  "fan",
			want:  []string{"fan", "fan1", "fan2"},
		},
		{
			name:  "a name without an underscore is not a sensor file",
			names: []string{"temp1", "temperature", "name"},
			kind:  "temp",
			want:  nil,
		},
		{
			name:  "no entries",
			names: nil,
			kind:  "temp",
			want:  nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HwmonSensorBases(tt.names, tt.kind); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParsePyFloat(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"45000\n", 45000, true},
		{"-273150\n", -273150, true},
		{" \t27800 \r\n", 27800, true},
		{"1e3", 1000, true},
		{"1_000", 1000, true},
		{".5", 0.5, true},
		{"inf", math.Inf(1), true},
		{"-Infinity", math.Inf(-1), true},
		{"1e400", math.Inf(1), true},
		{"", 0, false},
		{"\n", 0, false},
		{"n/a\n", 0, false},
		{"0x10", 0, false},
		{"0x1p3", 0, false},
		{"1__0", 0, false},
		{"12 34", 0, false},
	}
	for _, tt := range tests {
		got, err := ParsePyFloat([]byte(tt.in))
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("ParsePyFloat(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, procfs.ErrFileParse) {
			t.Errorf("ParsePyFloat(%q) error %v does not wrap ErrFileParse", tt.in, err)
		}
	}
	for _, in := range []string{"nan", "-nan\n", "+NaN"} {
		if got, err := ParsePyFloat([]byte(in)); err != nil || !math.IsNaN(got) {
			t.Errorf("ParsePyFloat(%q) = %v, %v; want NaN", in, got, err)
		}
	}
}

func TestParsePyInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		ok   bool
	}{
		{"2998\n", 2998, true},
		{"0\n", 0, true},
		{"-1371000\n", -1371000, true},
		{"+5", 5, true},
		{" 010 ", 10, true},
		{"1_000", 1000, true},
		{"", 0, false},
		{"1.5\n", 0, false},
		{"n/a\n", 0, false},
		{"0x10", 0, false},
		{"_1", 0, false},
		{"1_", 0, false},
		{"1__0", 0, false},
	}
	for _, tt := range tests {
		got, err := ParsePyInt([]byte(tt.in))
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParsePyInt(%q) = %v, %v; want %v, ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
		if err != nil && !errors.Is(err, procfs.ErrFileParse) {
			t.Errorf("ParsePyInt(%q) error %v does not wrap ErrFileParse", tt.in, err)
		}
	}
}

func TestTrimPySpace(t *testing.T) {
	tests := []struct{ in, want string }{
		{"coretemp\n", "coretemp"},
		{"  Package id 0 \n", "Package id 0"},
		{"\x1cCore 0\x1f", "Core 0"},
		{"\u00a0acpitz\u3000", "acpitz"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := TrimPySpace(tt.in); got != tt.want {
			t.Errorf("TrimPySpace(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
