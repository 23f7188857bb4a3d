//go:build linux

package platform

// sys returns the path of elem under the sysfs root.
func (fs FS) sys(elem ...string) string { return join(fs.Sys, elem) }

// etc returns the path of elem under the configuration root.
func (fs FS) etc(elem ...string) string { return join(fs.Etc, elem) }

// utmp is the file of login records psutil.users() reads: glibc's
// _PATH_UTMP, /var/run/utmp, which is /run/utmp on every current system.
func (fs FS) utmp() string { return join(fs.Run, []string{"utmp"}) }
