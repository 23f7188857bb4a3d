package procfs

import "os"

// ReadFile reads a file; Windows has no procfs, so this only serves builds.
func ReadFile(path string) ([]byte, error) { return os.ReadFile(path) }

// ReadFileInto is ReadFile; the buffer is not reused on Windows.
func ReadFileInto(path string, buf []byte) ([]byte, error) { return os.ReadFile(path) }
