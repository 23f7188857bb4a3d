package procfs

import (
	"errors"
	"testing"
)

func TestParsePidStatm(t *testing.T) {
	tests := []struct {
		name, in string
		want     PidStatm
	}{
		{"sleeping process", "625 390 367 5 0 89 0\n", PidStatm{Size: 625, Resident: 390, Shared: 367, Text: 5, Data: 89}},
		{"kernel thread", "0 0 0 0 0 0 0\n", PidStatm{}},
		{"no newline", "1 2 3 4 5 6 7", PidStatm{1, 2, 3, 4, 5, 6, 7}},
	}
	for _, tt := range tests {
		got, err := ParsePidStatm([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	for _, in := range []string{"", "1 2 3", "1 2 3 4 5 6 x"} {
		if _, err := ParsePidStatm([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParsePidStatm(%q): err = %v, want ErrFileParse", in, err)
		}
	}
}
