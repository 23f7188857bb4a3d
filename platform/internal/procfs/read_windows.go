package procfs

import (
	"errors"
	"os"
)

// ReadFile reads a file; Windows has no procfs, so this only serves builds.
func ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// ReadFileInto is ReadFile; the buffer is not reused on Windows.
func ReadFileInto(path string, buf []byte) ([]byte, error) { return os.ReadFile(path) }

// IsOpenError reports whether err is a failure to open the file.
func IsOpenError(err error) bool {
	var e *os.PathError
	return errors.As(err, &e) && e.Op == "open"
}
