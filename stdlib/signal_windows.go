package stdlib

import "syscall"

// systemSignals are the signals Python's signal module has on Windows (the
// C runtime's), and the console events os.kill sends there.
func systemSignals() (byName map[string]int, byNum map[int]string, nsig int) {
	byName = map[string]int{
		"SIGINT": int(syscall.SIGINT), "SIGILL": int(syscall.SIGILL), "SIGFPE": int(syscall.SIGFPE),
		"SIGSEGV": int(syscall.SIGSEGV), "SIGTERM": int(syscall.SIGTERM), "SIGABRT": int(syscall.SIGABRT),
		"SIGBREAK": 21, "CTRL_C_EVENT": 0, "CTRL_BREAK_EVENT": 1,
	}
	byNum = map[int]string{}
	for name, n := range byName {
		if len(name) > 3 && name[:3] == "SIG" {
			byNum[n] = name
		}
	}
	return byName, byNum, 23
}
