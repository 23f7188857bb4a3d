//go:build !windows

package procfs

import (
	"syscall"
)

// ReadFile reads a whole kernel file with a plain open/read/close: three
// system calls where os.ReadFile makes about ten (it registers the file with
// the poller and stats it first). Kernel files report size 0, so the buffer
// grows as needed.
func ReadFile(path string) ([]byte, error) {
	return ReadFileInto(path, make([]byte, 0, 4096))
}

// ReadFileInto is ReadFile appending to buf[:0], so hot paths reuse a buffer.
func ReadFileInto(path string, buf []byte) ([]byte, error) {
	fd, err := open(path)
	if err != nil {
		return nil, &pathError{op: "open", path: path, err: err}
	}
	defer syscall.Close(fd)
	buf = buf[:0]
	if cap(buf) < 512 {
		buf = make([]byte, 0, 4096)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := syscall.Read(fd, buf[len(buf):cap(buf)])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return nil, &pathError{op: "read", path: path, err: err}
		}
		if n <= 0 {
			return buf, nil
		}
		buf = buf[:len(buf)+n]
	}
}

func open(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
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
