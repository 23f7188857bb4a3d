package procfs

import (
	"errors"
	"testing"
)

func TestParsePidFdinfo(t *testing.T) {
	tests := []struct {
		name, in string
		want     PidFdinfo
	}{
		{"file opened for appending", "pos:\t1234\nflags:\t02102001\nmnt_id:\t27\nino:\t1835011\n",
			PidFdinfo{Pos: 1234, Flags: 02102001, MntID: 27}},
		{"Linux 2.6 (no mnt_id)", "pos:\t0\nflags:\t0100000\n", PidFdinfo{Flags: 0100000}},
	}
	for _, tt := range tests {
		got, err := ParsePidFdinfo([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	for name, in := range map[string]string{
		"no flags":        "pos:\t0\n",
		"flags not octal": "pos:\t0\nflags:\t0109\n",
		"empty":           "",
	} {
		if _, err := ParsePidFdinfo([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("%s: err = %v, want ErrFileParse", name, err)
		}
	}
}
