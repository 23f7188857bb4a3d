package procfs

import (
	"bytes"
	"encoding/binary"
	"os"
	"strings"
	"sync"
	"syscall"
	"unsafe"
)

// The readers of kernel files. They make the fewest system calls the job
// needs: a plain open/read/close is three, where os.ReadFile makes about
// ten (it registers the file with the runtime's poller, stats it, and
// reads twice); os.ReadDir sorts, stats and allocates per name. Reads are
// ordinary (scheduler-aware) system calls: a read can wait in the kernel,
// under memory pressure or when the reader drops the last hold on an
// exiting process's memory, and a raw system call would hold the processor
// and every garbage collection meanwhile.

// bufs holds read buffers: most kernel files fit in 4 KiB; /proc/stat,
// cmdline, environ, maps and smaps grow them.
var bufs = sync.Pool{New: func() any {
	b := make([]byte, 0, 4096)
	return &b
}}

// maxPooled is the largest buffer put back in the pool: a huge smaps
// buffer is left to the garbage collector.
const maxPooled = 1 << 20

// ReadFile reads the whole file at path into a pooled buffer and calls fn
// with its contents, which fn must not keep: the buffer is reused once fn
// returns. It returns fn's error, or the failure to open or read the file,
// with the path (errors.Is(err, fs.ErrNotExist) works, and [IsOpenError]
// tells the two failures apart).
func ReadFile(path string, fn func(b []byte) error) error {
	bp := bufs.Get().(*[]byte)
	b, err := ReadFileInto(path, *bp)
	if err == nil {
		err = fn(b)
	}
	putBuf(bp, b)
	return err
}

// ReadFileInto is ReadFile into a buffer of the caller's: the file is read
// into buf[:0], grown as needed, which is returned. Hot paths keep the
// buffer; a nil buf gives a new one the caller owns.
func ReadFileInto(path string, buf []byte) ([]byte, error) {
	if strings.IndexByte(path, 0) >= 0 {
		return buf[:0], &pathError{op: "open", path: path, err: syscall.EINVAL}
	}
	var pb [256]byte
	var pathz []byte
	if len(path) < len(pb) {
		pathz = append(append(pb[:0], path...), 0)
	} else {
		pathz = append([]byte(path), 0)
	}
	b, op, errno := read(pathz, buf, false)
	if errno != 0 {
		return b, &pathError{op: op, path: path, err: errno}
	}
	return b, nil
}

// ReadPath is the reader of the per-process files a process listing
// touches: pathz is the path with a terminating NUL, built by the caller
// without allocating; the file is read into buf[:0], grown as needed, and
// the errno of a failure comes back bare, so that a vanished process
// (ENOENT, ESRCH) costs no allocation. It stops at the first short read:
// the /proc/<pid> files read this way (stat, status, statm, io, limits,
// cmdline, environ) hand out all they have in one read when it fits, as
// procps relies on; files that do not (maps, smaps, /proc/net/*) are for
// ReadFile.
func ReadPath(pathz []byte, buf []byte) ([]byte, error) {
	b, _, errno := read(pathz, buf, true)
	if errno != 0 {
		return b, errno
	}
	return b, nil
}

// read opens pathz and reads it into buf[:0]: to the end of the file, or
// with short to the first short read. op names the failing call.
func read(pathz []byte, buf []byte, short bool) (_ []byte, op string, _ syscall.Errno) {
	fd, e := open(pathz)
	if e != 0 {
		return buf[:0], "open", e
	}
	defer syscall.Syscall(syscall.SYS_CLOSE, fd, 0, 0)
	buf, e = readFrom(fd, buf, short, false)
	if e != 0 {
		return buf, "read", e
	}
	return buf, "", 0
}

func open(pathz []byte) (uintptr, syscall.Errno) {
	for {
		r, _, e := syscall.Syscall6(syscall.SYS_OPENAT, atFdcwd, uintptr(unsafe.Pointer(&pathz[0])),
			syscall.O_RDONLY|syscall.O_CLOEXEC, 0, 0, 0)
		if e != syscall.EINTR {
			return r, e
		}
	}
}

// readFrom reads fd into buf[:0], from its current offset with read, or
// with at from offset 0 with pread: to the end of the file, or with short
// to the first short read.
func readFrom(fd uintptr, buf []byte, short, at bool) ([]byte, syscall.Errno) {
	buf = buf[:0]
	if cap(buf) < 512 {
		buf = make([]byte, 0, 4096)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		free := buf[len(buf):cap(buf)]
		var n uintptr
		var e syscall.Errno
		if at {
			n, _, e = syscall.Syscall6(syscall.SYS_PREAD64, fd, uintptr(unsafe.Pointer(&free[0])), uintptr(len(free)), uintptr(len(buf)), 0, 0)
		} else {
			n, _, e = syscall.Syscall(syscall.SYS_READ, fd, uintptr(unsafe.Pointer(&free[0])), uintptr(len(free)))
		}
		if e == syscall.EINTR {
			continue
		}
		if e != 0 {
			return buf, e
		}
		buf = buf[:len(buf)+int(n)]
		if n == 0 || short && int(n) < len(free) {
			return buf, 0
		}
	}
}

// Open opens pathz (NUL-terminated) for reading, for a file that is kept
// open and read again with [Reread]; the errno of a failure comes back
// bare. The caller closes the descriptor.
func Open(pathz []byte) (int, error) {
	fd, e := open(pathz)
	if e != 0 {
		return -1, e
	}
	return int(fd), nil
}

// Reread reads the open file fd from its start into buf[:0] with pread,
// stopping at the first short read as [ReadPath] does: the kernel makes a
// /proc file's text afresh for a read at offset 0, so one system call
// replaces ReadPath's three for a file read again and again.
func Reread(fd int, buf []byte) ([]byte, error) {
	b, e := readFrom(uintptr(fd), buf, true, true)
	if e != 0 {
		return b, e
	}
	return b, nil
}

// atFdcwd is AT_FDCWD (-100) as a system call argument.
var atFdcwd = func() uintptr { fd := -100; return uintptr(fd) }()

// ReadDir calls fn with the name of every entry of the directory at path
// but "." and "..", in the kernel's order, reading it with getdents64 into
// a pooled buffer. The name aliases the buffer: fn must copy what it keeps.
// Failures are *os.PathError (op "open" or "getdents").
func ReadDir(path string, fn func(name []byte)) error {
	return ReadDirInodes(path, func(name []byte, _ uint64) { fn(name) })
}

// ReadDirInodes is ReadDir, with each entry's inode number.
func ReadDirInodes(path string, fn func(name []byte, ino uint64)) error {
	var fd int
	var err error
	for {
		fd, err = syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			break
		}
	}
	if err != nil {
		return &os.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	bp := bufs.Get().(*[]byte)
	if cap(*bp) < 8192 {
		*bp = make([]byte, 0, 8192)
	}
	err = Dirents(fd, (*bp)[:cap(*bp)], func(name []byte, ino uint64) error { fn(name, ino); return nil })
	putBuf(bp, *bp)
	if err != nil {
		return &os.PathError{Op: "getdents", Path: path, Err: err}
	}
	return nil
}

// Dirents calls fn with the name and inode number of every entry of the
// open directory fd but "." and "..", in the kernel's order, reading it
// with getdents64 into
// buf (8 KiB holds a few hundred entries per call). The name aliases buf
// and is followed there by its NUL, so &name[0] can be passed to the *at
// system calls as it is. An error of fn stops the walk and is returned as
// it is; a failure of getdents64 is returned as a bare syscall.Errno.
func Dirents(fd int, buf []byte, fn func(name []byte, ino uint64) error) error {
	for {
		n, err := syscall.Getdents(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			if e, ok := err.(syscall.Errno); ok {
				return e
			}
			return syscall.EIO
		}
		if n <= 0 {
			return nil
		}
		// struct linux_dirent64: ino u64, off s64, reclen u16, type u8,
		// then the NUL-terminated name.
		for off := 0; off+19 <= n; {
			reclen := int(binary.NativeEndian.Uint16(buf[off+16:]))
			if reclen == 0 || off+reclen > n {
				break
			}
			name := buf[off+19 : off+reclen]
			if i := bytes.IndexByte(name, 0); i >= 0 {
				name = name[:i]
			}
			off += reclen
			if len(name) == 0 || name[0] == '.' && (len(name) == 1 || len(name) == 2 && name[1] == '.') {
				continue
			}
			if err := fn(name, binary.NativeEndian.Uint64(buf[off-reclen:])); err != nil {
				return err
			}
		}
	}
}

// putBuf returns a pooled buffer, grown to b, unless it grew too large.
func putBuf(bp *[]byte, b []byte) {
	if cap(b) <= maxPooled {
		*bp = b[:0]
		bufs.Put(bp)
	}
}

// pathError is fs.PathError without the allocation of a wrapped *PathError
// chain: errors.Is(err, syscall.ENOENT) and os.IsNotExist work on it.
type pathError struct {
	op, path string
	err      error
}

func (e *pathError) Error() string { return e.op + " " + e.path + ": " + e.err.Error() }
func (e *pathError) Unwrap() error { return e.err }

// IsOpenError reports whether err is ReadFile's or ReadFileInto's failure to
// open the file, as opposed to one reading it: the distinction Python draws
// between open() and read(), which psutil excuses differently.
func IsOpenError(err error) bool {
	e, ok := err.(*pathError)
	return ok && e.op == "open"
}
