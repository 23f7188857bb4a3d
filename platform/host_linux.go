//go:build linux

package platform

import (
	"os"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/utmp"
)

func hostBootTime(fs FS) (float64, error) {
	// /proc/stat grows with the CPU and interrupt count; a small machine's
	// fits in the stack buffer.
	var buf [4096]byte
	data, err := procfs.ReadFileInto(fs.proc("stat"), buf[:0])
	if err != nil {
		return 0, err
	}
	btime, err := procfs.ParseStatBtime(data)
	if err != nil {
		return 0, err
	}
	return float64(btime), nil
}

func hostUsers(fs FS) ([]User, error) {
	data, err := os.ReadFile(fs.Utmp)
	if err != nil {
		// glibc's setutxent fails silently and getutxent then returns
		// no entry, whatever the error (ENOENT, EACCES...).
		return []User{}, nil
	}
	return hostUsersFrom(utmp.Parse(data)), nil
}
