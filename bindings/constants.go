package bindings

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/platform"
)

// constant is one of psutil's module-level constants.
type constant struct {
	name  string
	value lua.LValue
}

// psutil 8 groups its constants into enum classes (psutil/_enums.py) whose
// members are the module-level constants: psutil.ProcessStatus.STATUS_RUNNING
// == psutil.STATUS_RUNNING. Each group below is both.
var constantEnums = []struct {
	name    string
	members []constant
}{
	{"ProcessStatus", strConstants(map[string]string{
		"STATUS_RUNNING": platform.STATUS_RUNNING, "STATUS_SLEEPING": platform.STATUS_SLEEPING,
		"STATUS_DISK_SLEEP": platform.STATUS_DISK_SLEEP, "STATUS_STOPPED": platform.STATUS_STOPPED,
		"STATUS_TRACING_STOP": platform.STATUS_TRACING_STOP, "STATUS_ZOMBIE": platform.STATUS_ZOMBIE,
		"STATUS_DEAD": platform.STATUS_DEAD, "STATUS_WAKE_KILL": platform.STATUS_WAKE_KILL,
		"STATUS_WAKING": platform.STATUS_WAKING, "STATUS_IDLE": platform.STATUS_IDLE,
		"STATUS_LOCKED": platform.STATUS_LOCKED, "STATUS_WAITING": platform.STATUS_WAITING,
		"STATUS_SUSPENDED": platform.STATUS_SUSPENDED, "STATUS_PARKED": platform.STATUS_PARKED,
	})},
	{"ConnectionStatus", strConstants(map[string]string{
		"CONN_ESTABLISHED": platform.CONN_ESTABLISHED, "CONN_SYN_SENT": platform.CONN_SYN_SENT,
		"CONN_SYN_RECV": platform.CONN_SYN_RECV, "CONN_FIN_WAIT1": platform.CONN_FIN_WAIT1,
		"CONN_FIN_WAIT2": platform.CONN_FIN_WAIT2, "CONN_TIME_WAIT": platform.CONN_TIME_WAIT,
		"CONN_CLOSE": platform.CONN_CLOSE, "CONN_CLOSE_WAIT": platform.CONN_CLOSE_WAIT,
		"CONN_LAST_ACK": platform.CONN_LAST_ACK, "CONN_LISTEN": platform.CONN_LISTEN,
		"CONN_CLOSING": platform.CONN_CLOSING, "CONN_NONE": platform.CONN_NONE,
	})},
	{"NicDuplex", intConstants(map[string]int{
		"NIC_DUPLEX_FULL":    int(platform.NIC_DUPLEX_FULL),
		"NIC_DUPLEX_HALF":    int(platform.NIC_DUPLEX_HALF),
		"NIC_DUPLEX_UNKNOWN": int(platform.NIC_DUPLEX_UNKNOWN),
	})},
	{"BatteryTime", intConstants(map[string]int{
		"POWER_TIME_UNKNOWN":   int(platform.POWER_TIME_UNKNOWN),
		"POWER_TIME_UNLIMITED": int(platform.POWER_TIME_UNLIMITED),
	})},
	{"ProcessIOPriority", intConstants(map[string]int{
		"IOPRIO_CLASS_NONE": int(platform.IOPRIO_CLASS_NONE), "IOPRIO_CLASS_RT": int(platform.IOPRIO_CLASS_RT),
		"IOPRIO_CLASS_BE": int(platform.IOPRIO_CLASS_BE), "IOPRIO_CLASS_IDLE": int(platform.IOPRIO_CLASS_IDLE),
	})},
	// psutil builds ProcessRlimit from every RLIM* name of its C module,
	// RLIM_INFINITY included.
	{"ProcessRlimit", intConstants(map[string]int{
		"RLIMIT_CPU": platform.RLIMIT_CPU, "RLIMIT_FSIZE": platform.RLIMIT_FSIZE,
		"RLIMIT_DATA": platform.RLIMIT_DATA, "RLIMIT_STACK": platform.RLIMIT_STACK,
		"RLIMIT_CORE": platform.RLIMIT_CORE, "RLIMIT_RSS": platform.RLIMIT_RSS,
		"RLIMIT_NPROC": platform.RLIMIT_NPROC, "RLIMIT_NOFILE": platform.RLIMIT_NOFILE,
		"RLIMIT_MEMLOCK": platform.RLIMIT_MEMLOCK, "RLIMIT_AS": platform.RLIMIT_AS,
		"RLIMIT_LOCKS": platform.RLIMIT_LOCKS, "RLIMIT_SIGPENDING": platform.RLIMIT_SIGPENDING,
		"RLIMIT_MSGQUEUE": platform.RLIMIT_MSGQUEUE, "RLIMIT_NICE": platform.RLIMIT_NICE,
		"RLIMIT_RTPRIO": platform.RLIMIT_RTPRIO, "RLIMIT_RTTIME": platform.RLIMIT_RTTIME,
		"RLIM_INFINITY": platform.RLIM_INFINITY,
	})},
}

func strConstants(m map[string]string) []constant {
	var cs []constant
	for k, v := range m {
		cs = append(cs, constant{k, lua.LString(v)})
	}
	return cs
}

func intConstants(m map[string]int) []constant {
	var cs []constant
	for k, v := range m {
		cs = append(cs, constant{k, lua.LNumber(v)})
	}
	return cs
}

func setConstants(L *lua.LState, mod *lua.LTable) {
	for name, v := range map[string]bool{
		"LINUX": platform.LINUX, "WINDOWS": platform.WINDOWS, "MACOS": platform.MACOS,
		"OSX": platform.MACOS, "FREEBSD": platform.FREEBSD, "OPENBSD": platform.OPENBSD,
		"NETBSD": platform.NETBSD, "BSD": platform.BSD, "SUNOS": platform.SUNOS,
		"AIX": platform.AIX, "POSIX": platform.POSIX,
	} {
		mod.RawSetString(name, lua.LBool(v))
	}
	for name, v := range map[string]int{
		"AF_UNIX": int(platform.AF_UNIX), "AF_INET": int(platform.AF_INET),
		"AF_INET6": int(platform.AF_INET6), "AF_LINK": int(platform.AF_LINK),
		"SOCK_STREAM": int(platform.SOCK_STREAM), "SOCK_DGRAM": int(platform.SOCK_DGRAM),
		"PIPE": int(platform.Pipe), "DEVNULL": int(platform.DevNull),
	} {
		mod.RawSetString(name, lua.LNumber(v))
	}
	for _, enum := range constantEnums {
		t := L.CreateTable(0, len(enum.members))
		for _, c := range enum.members {
			mod.RawSetString(c.name, c.value)
			t.RawSetString(c.name, c.value)
		}
		mod.RawSetString(enum.name, t) // a plain table: pairs() lists the members
	}
	mod.RawSetString("__version__", lua.LString(platform.Version))
	vi := L.CreateTable(3, 0)
	for _, part := range strings.Split(platform.Version, ".") {
		n, _ := strconv.Atoi(part)
		vi.Append(lua.LNumber(n))
	}
	mod.RawSetString("version_info", vi)
}
