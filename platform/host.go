package platform

import "github.com/psulua/psulua/platform/internal/utmp"

// BootTime is psutil.boot_time(): when the system booted, in seconds since
// the epoch. It follows the system clock, so setting the clock (or NTP)
// moves it.
func (s *System) BootTime() (float64, error) { return hostBootTime(s.FS()) }

// Users is psutil.users(): the users logged in now, one entry per session
// (a user logged in twice appears twice), from the utmp file at FS.Utmp.
// Terminal is nil when the session has none; Host is the remote host, or
// "localhost" for a local session (an empty host, or the X display ":0" or
// ":0.0"); Started is when the session began, in whole seconds since the
// epoch. A missing or unreadable utmp file gives an empty list, as glibc's
// getutxent, which psutil uses, finds no entries then.
func (s *System) Users() ([]User, error) { return hostUsers(s.FS()) }

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
