// Package sysfs reads Linux /sys attribute files: one value per file, as
// the kernel documents them under Documentation/ABI.
package sysfs

import (
	"bytes"
	"strconv"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// ReadString returns the content of an attribute file without its trailing
// newline.
func ReadString(path string) (string, error) {
	b, err := procfs.ReadFile(path)
	if err != nil {
		return "", err
	}
	return string(bytes.TrimRight(b, "\n")), nil
}

// ReadInt returns an attribute holding one decimal integer.
func ReadInt(path string) (int64, error) {
	s, err := ReadString(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseInt(string(bytes.TrimSpace([]byte(s))), 10, 64)
}
