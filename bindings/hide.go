package bindings

import (
	"os"
	"strconv"

	"github.com/psulua/psulua/platform"
)

// hideable are the Process attributes a sandbox may hide.
var hideable = []string{"environ", "cmdline"}

// hides reports whether the attribute name of p is hidden from scripts:
// environ of the host itself (any of its threads: a thread id is a pid to
// psutil) under HideOwnEnviron, environ and cmdline of every process under
// HideEnviron and HideCmdline.
func (m *Module) hides(name string, p *platform.Process) bool {
	switch name {
	case "environ":
		return m.HideEnviron || m.HideOwnEnviron && isHostThread(p.Pid())
	case "cmdline":
		return m.HideCmdline
	}
	return false
}

// hiddenError is the AccessDenied of a hidden attribute.
func (m *Module) hiddenError(name string, p *platform.Process) error {
	if name == "environ" && !m.HideEnviron {
		return &platform.AccessDenied{Pid: p.Pid(), Msg: "the host's environment is hidden by the sandbox"}
	}
	return &platform.AccessDenied{Pid: p.Pid(), Msg: "the " + name + " of processes is hidden by the sandbox"}
}

// isHostThread reports whether pid is this process or one of its threads
// (whose /proc/<tid> shows the same environment).
func isHostThread(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	if pid <= 0 {
		return false
	}
	_, err := os.Stat("/proc/self/task/" + strconv.Itoa(pid))
	return err == nil
}
