package platform

// BootTime is psutil.boot_time(): when the system booted, in seconds since
// the epoch. It follows the system clock, so setting the clock (or NTP)
// moves it.
func (s *System) BootTime() (float64, error) { return s.backend.bootTime(s.FS()) }

// Users is psutil.users(): the users logged in now, one entry per session
// (a user logged in twice appears twice), from the utmp file under FS.Run.
// Terminal is nil when the session has none; Host is the remote host, or
// "localhost" for a local session (an empty host, or the X display ":0" or
// ":0.0"); Started is when the session began, in whole seconds since the
// epoch. A missing or unreadable utmp file gives an empty list, as glibc's
// getutxent, which psutil uses, finds no entries then.
func (s *System) Users() ([]User, error) { return s.backend.users(s.FS()) }
