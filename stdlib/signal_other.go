//go:build !unix && !windows

package stdlib

// systemSignals: this system has no signals psulua knows of.
func systemSignals() (byName map[string]int, byNum map[int]string, nsig int) {
	return map[string]int{}, map[int]string{}, 0
}
