//go:build linux

package platform

import (
	"os"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/utmp"
)

func (linuxSystem) bootTime(fs FS) (float64, error) {
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

func (linuxSystem) users(fs FS) ([]User, error) {
	data, err := os.ReadFile(fs.utmp())
	if err != nil {
		// glibc's setutxent fails silently and getutxent then returns
		// no entry, whatever the error (ENOENT, EACCES...).
		return []User{}, nil
	}
	return hostUsersFrom(utmp.Parse(data)), nil
}

// hostUsersFrom is psutil's users() over utmp records: the logged-in
// sessions (USER_PROCESS), with psutil 8's mapping of local hosts.
func hostUsersFrom(recs []utmp.Record) []User {
	users := []User{}
	for i := range recs {
		r := &recs[i]
		if r.Type != utmp.UserProcess {
			continue
		}
		u := User{
			Name:    r.User,
			Started: float64(r.Sec), // psutil ignores tv_usec
			Pid:     int(r.Pid),
		}
		if r.Line != "" {
			line := r.Line
			u.Terminal = &line
		}
		host := r.Host
		if host == "" || host == ":0" || host == ":0.0" {
			host = "localhost"
		}
		u.Host = &host
		users = append(users, u)
	}
	return users
}
