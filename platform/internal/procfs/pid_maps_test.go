package procfs

import (
	"errors"
	"reflect"
	"testing"
)

func TestParsePidMaps(t *testing.T) {
	in := `56515252a000-56515252c000 r--p 00000000 fe:00 247766                     /usr/bin/sleep
565181b06000-565181b27000 rw-p 00000000 00:00 0                          [heap]
7ffb0d985000-7ffb0d988000 rw-p 00000000 00:00 0 
7ffb0d988000-7ffb0d9ae000 r--p 00000000 fe:00 326269                     /tmp/a dir/lib with spaces.so (deleted)
`
	type row struct {
		addr, perms, off, dev, path string
		inode                       uint64
	}
	var got []row
	err := ParsePidMaps([]byte(in), func(m PidMap) {
		got = append(got, row{string(m.Addr), string(m.Perms), string(m.Offset), string(m.Dev), string(m.Path), m.Inode})
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []row{
		{"56515252a000-56515252c000", "r--p", "00000000", "fe:00", "/usr/bin/sleep", 247766},
		{"565181b06000-565181b27000", "rw-p", "00000000", "00:00", "[heap]", 0},
		{"7ffb0d985000-7ffb0d988000", "rw-p", "00000000", "00:00", "", 0},
		{"7ffb0d988000-7ffb0d9ae000", "r--p", "00000000", "fe:00", "/tmp/a dir/lib with spaces.so (deleted)", 326269},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	if err := ParsePidMaps([]byte("56515252a000-56515252c000 r--p\n"), func(PidMap) {}); !errors.Is(err, ErrFileParse) {
		t.Errorf("short line: err = %v, want ErrFileParse", err)
	}
	if _, ok := ParsePidMapsLine([]byte("Rss:                   8 kB")); ok {
		t.Error("a counter line parsed as a region")
	}
}
