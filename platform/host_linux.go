//go:build linux

package platform

import (
	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/utmp"
)

func (linuxSystem) bootTime(fs FS) (float64, error) {
	var btime uint64
	err := procfs.ReadFile(fs.proc("stat"), func(b []byte) error {
		var err error
		btime, err = procfs.ParseStatBtime(b)
		return err
	})
	if err != nil {
		return 0, err
	}
	return float64(btime), nil
}

func (linuxSystem) users(fs FS) ([]User, error) {
	users := []User{}
	// glibc's setutxent fails silently and getutxent then returns no
	// entry, whatever the error (ENOENT, EACCES...): the error is dropped.
	procfs.ReadFile(fs.utmp(), func(b []byte) error {
		users = hostUsersFrom(utmp.Parse(b))
		return nil
	})
	return users, nil
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
