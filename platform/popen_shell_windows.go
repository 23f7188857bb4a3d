package platform

import "os"

// popenShell is what subprocess's shell=True puts before the command line:
// COMSPEC (cmd.exe) /c.
func popenShell() []string {
	comspec := os.Getenv("COMSPEC")
	if comspec == "" {
		comspec = "cmd.exe"
	}
	return []string{comspec, "/c"}
}
