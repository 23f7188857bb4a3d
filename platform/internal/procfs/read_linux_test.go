package procfs

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	big := strings.Repeat("0123456789abcdef", 1<<12) // 64 KiB: the buffer grows
	for _, tt := range []struct{ name, content string }{
		{"empty file", ""},
		{"small file", "cpu  1 2 3\n"},
		{"larger than the pooled buffer", big},
	} {
		path := filepath.Join(dir, strings.ReplaceAll(tt.name, " ", "-"))
		if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		var got string
		if err := ReadFile(path, func(b []byte) error { got = string(b); return nil }); err != nil {
			t.Errorf("%s: ReadFile: %v", tt.name, err)
		}
		if got != tt.content {
			t.Errorf("%s: ReadFile read %d bytes, want %d", tt.name, len(got), len(tt.content))
		}
		b, err := ReadFileInto(path, nil)
		if err != nil || string(b) != tt.content {
			t.Errorf("%s: ReadFileInto = %d bytes, %v", tt.name, len(b), err)
		}
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	err := ReadFile(missing, func([]byte) error { t.Error("fn called on a missing file"); return nil })
	if !errors.Is(err, fs.ErrNotExist) || !IsOpenError(err) || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing file: %v (open error %v)", err, IsOpenError(err))
	}
	err = ReadFile(dir, func([]byte) error { return nil })
	if !errors.Is(err, syscall.EISDIR) || IsOpenError(err) {
		t.Errorf("directory: %v, want a read error wrapping EISDIR", err)
	}
	if err := ReadFile("bad\x00path", func([]byte) error { return nil }); !errors.Is(err, syscall.EINVAL) {
		t.Errorf("path with a NUL: %v, want EINVAL", err)
	}
	sentinel := errors.New("parse")
	path := filepath.Join(dir, "f")
	os.WriteFile(path, []byte("x"), 0o644)
	if err := ReadFile(path, func([]byte) error { return sentinel }); err != sentinel {
		t.Errorf("fn's error: %v, want it returned as it is", err)
	}
}

func TestReadPath(t *testing.T) {
	b, err := ReadPath([]byte("/proc/self/stat\x00"), nil)
	if err != nil || !strings.Contains(string(b), ") ") {
		t.Errorf("ReadPath(/proc/self/stat) = %q, %v", b, err)
	}
	_, err = ReadPath([]byte(filepath.Join(t.TempDir(), "gone")+"\x00"), make([]byte, 0, 64))
	if err != syscall.ENOENT {
		t.Errorf("vanished file: %#v, want the bare errno ENOENT", err)
	}
	if n := testing.AllocsPerRun(50, func() {
		ReadPath([]byte("/proc/self/gone\x00"), nil)
	}); n != 0 {
		t.Errorf("a vanished file costs %v allocations, want 0", n)
	}
}

func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	want := []string{".hidden", "a", "b", "c"}
	for _, n := range want {
		os.WriteFile(filepath.Join(dir, n), nil, 0o644)
	}
	var got []string
	if err := ReadDir(dir, func(name []byte) { got = append(got, string(name)) }); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got) // the kernel's order is the filesystem's
	if !slices.Equal(got, want) {
		t.Errorf("ReadDir = %q, want %q (no . or ..)", got, want)
	}
	err := ReadDir(filepath.Join(dir, "a"), func([]byte) {})
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Op != "open" || !errors.Is(err, syscall.ENOTDIR) {
		t.Errorf("ReadDir of a file: %v, want open ENOTDIR", err)
	}
}

func TestDirentsNamesEndInNUL(t *testing.T) {
	f, err := os.Open("/proc/self/fd")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	n := 0
	err = Dirents(int(f.Fd()), make([]byte, 4096), func(name []byte, _ uint64) error {
		if name[:len(name)+1][len(name)] != 0 {
			t.Errorf("%q is not followed by a NUL", name)
		}
		n++
		return nil
	})
	if err != nil || n < 3 {
		t.Errorf("Dirents of /proc/self/fd: %d names, %v", n, err)
	}
	g, err := os.Open("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	stop, calls := errors.New("stop"), 0
	err = Dirents(int(g.Fd()), make([]byte, 4096), func([]byte, uint64) error { calls++; return stop })
	if err != stop || calls != 1 {
		t.Errorf("fn's error: %v after %d calls, want it returned after the first", err, calls)
	}
}

// ReadDirInodes gives each entry's inode number, as stat(2) does.
func TestReadDirInodes(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a", "bb", "c c"} {
		if err := os.WriteFile(dir+"/"+name, nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := map[string]uint64{}
	if err := ReadDirInodes(dir, func(name []byte, ino uint64) { got[string(name)] = ino }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("entries %v, want a, bb and c c", got)
	}
	for name, ino := range got {
		var st syscall.Stat_t
		if err := syscall.Stat(dir+"/"+name, &st); err != nil {
			t.Fatal(err)
		}
		if st.Ino != ino {
			t.Errorf("%s: inode %d, stat says %d", name, ino, st.Ino)
		}
	}
}
