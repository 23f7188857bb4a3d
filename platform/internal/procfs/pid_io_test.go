package procfs

import (
	"errors"
	"testing"
)

func TestParsePidIO(t *testing.T) {
	tests := []struct {
		name, in string
		want     PidIO
	}{
		{"sleep(1)", "rchar: 10956\nwchar: 7\nsyscr: 18\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 512\n",
			PidIO{Rchar: 10956, Wchar: 7, Syscr: 18, Syscw: 1, ReadBytes: 4096, WriteBytes: 8192, CancelledWriteBytes: 512}},
		{"blank and odd lines skipped (psutil gh-1004)", "rchar: 1\n\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\nwrite_bytes: 6\nbogus line\n",
			PidIO{Rchar: 1, Wchar: 2, Syscr: 3, Syscw: 4, ReadBytes: 5, WriteBytes: 6}},
	}
	for _, tt := range tests {
		got, err := ParsePidIO([]byte(tt.in))
		if err != nil || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	for name, in := range map[string]string{
		"empty":           "",
		"no write_bytes":  "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\nread_bytes: 5\n",
		"only odd things": "x\ny: z\n",
	} {
		if _, err := ParsePidIO([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("%s: err = %v, want ErrFileParse", name, err)
		}
	}
}
