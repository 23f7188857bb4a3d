//go:build unix

package stdlib

import (
	"syscall"

	"golang.org/x/sys/unix"
)

// systemSignals reads x/sys's table of this system's signals.
func systemSignals() (byName map[string]int, byNum map[int]string, nsig int) {
	byName, byNum = map[string]int{}, map[int]string{}
	for n := 1; n < 256; n++ {
		if name := unix.SignalName(syscall.Signal(n)); name != "" {
			byName[name], byNum[n] = n, name
			nsig = n + 1
		}
	}
	for name, n := range signalAliases {
		byName[name] = n
		nsig = max(nsig, n+1)
	}
	return byName, byNum, nsig
}
