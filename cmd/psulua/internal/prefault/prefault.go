// Package prefault maps in, as psulua starts, pages that every run
// touches and would otherwise fault in one at a time: the executable's
// code and read-only data, and the heap's first 2 MiB, as one transparent
// huge page. On a virtual machine a page fault can cost 10-30 µs (the
// hypervisor takes part), and before its main function started, psulua
// faulted in some 80 pieces of its executable and 160 pages of its heap.
// (The first run after the executable is installed reads all of it from
// disk, where it would read the pieces it touches.)
//
// Its init does the work, and it has to come before the other packages'
// inits touch those pages. Go initialises the packages in the order of
// their import paths, each as soon as what it imports is initialised (the
// Go specification, "Package initialization"): importing syscall and
// unsafe alone, this package comes right after syscall, ahead of os,
// unicode, regexp, gopher-lua and psulua's own packages (cmd/psulua's
// TestPrefaultInitsFirst checks it). cmd/psulua imports it; an embedding
// program decides for itself.
package prefault

import "syscall"

// HugePages reports whether psulua gives its heap transparent huge pages:
// on 64-bit systems, unless GODEBUG has disablethp=1 (Go's own switch
// against them for its heap) or GOGC is set, which leaves the heap's
// tuning to the user (psulua's sizes assume its own GOGC).
func HugePages() bool {
	gogc, _ := syscall.Getenv("GOGC")
	return ^uintptr(0)>>32 != 0 && gogc == "" && !godebugSet("disablethp", "1")
}

// godebugSet tells whether GODEBUG sets key to value (its last setting of
// key wins, as in the runtime). It reads the environment with syscall
// alone, so as not to wait for the os and strings packages' inits.
func godebugSet(key, value string) bool {
	env, _ := syscall.Getenv("GODEBUG")
	found := ""
	for env != "" {
		kv := env
		if i := index(env, ','); i >= 0 {
			kv, env = env[:i], env[i+1:]
		} else {
			env = ""
		}
		if i := index(kv, '='); i >= 0 && kv[:i] == key {
			found = kv[i+1:]
		}
	}
	return found == value
}

// index is strings.IndexByte.
func index(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}
