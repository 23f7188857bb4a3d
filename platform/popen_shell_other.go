//go:build !windows

package platform

// popenShell is what subprocess's shell=True puts before the command line.
func popenShell() []string { return []string{"/bin/sh", "-c"} }
