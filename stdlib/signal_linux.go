package stdlib

import "golang.org/x/sys/unix"

// signalAliases are the names Python's signal module has on Linux besides
// x/sys's one name per number: the old aliases, and the real-time range as
// glibc gives it to programs (it keeps 32 and 33 for its threads).
var signalAliases = map[string]int{
	"SIGIOT":   int(unix.SIGIOT),
	"SIGPOLL":  int(unix.SIGPOLL),
	"SIGCLD":   int(unix.SIGCLD),
	"SIGRTMIN": 34,
	"SIGRTMAX": 64,
}
