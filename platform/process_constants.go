package platform

// The values of Process.status(): psutil's ProcessStatus (STATUS_*).
const (
	STATUS_RUNNING      = "running"
	STATUS_SLEEPING     = "sleeping"
	STATUS_DISK_SLEEP   = "disk-sleep"
	STATUS_STOPPED      = "stopped"
	STATUS_TRACING_STOP = "tracing-stop"
	STATUS_ZOMBIE       = "zombie"
	STATUS_DEAD         = "dead"
	STATUS_WAKE_KILL    = "wake-kill"
	STATUS_WAKING       = "waking"
	STATUS_IDLE         = "idle"      // Linux, macOS, FreeBSD
	STATUS_LOCKED       = "locked"    // FreeBSD
	STATUS_WAITING      = "waiting"   // FreeBSD
	STATUS_SUSPENDED    = "suspended" // NetBSD
	STATUS_PARKED       = "parked"    // Linux
)

// IOPriorityClass is the I/O scheduling class of Process.ionice(): psutil's
// ProcessIOPriority on Linux (see ioprio_set(2)).
type IOPriorityClass int

// The Linux I/O scheduling classes.
const (
	IOPRIO_CLASS_NONE IOPriorityClass = 0 // no class set: best effort, priority from the nice value
	IOPRIO_CLASS_RT   IOPriorityClass = 1 // real time
	IOPRIO_CLASS_BE   IOPriorityClass = 2 // best effort
	IOPRIO_CLASS_IDLE IOPriorityClass = 3 // only when no other process does I/O
)

var ioprioNames = map[IOPriorityClass]string{
	IOPRIO_CLASS_NONE: "IOPRIO_CLASS_NONE", IOPRIO_CLASS_RT: "IOPRIO_CLASS_RT",
	IOPRIO_CLASS_BE: "IOPRIO_CLASS_BE", IOPRIO_CLASS_IDLE: "IOPRIO_CLASS_IDLE",
}

// Repr is Python's repr of the enum member:
// "<ProcessIOPriority.IOPRIO_CLASS_BE: 2>".
func (c IOPriorityClass) Repr() string { return enumRepr("ProcessIOPriority", ioprioNames[c], int(c)) }

// The resources of Process.rlimit(): psutil's ProcessRlimit, Linux's
// RLIMIT_* numbers (getrlimit(2)).
const (
	RLIMIT_CPU        = 0  // CPU time, in seconds
	RLIMIT_FSIZE      = 1  // largest file the process may create, in bytes
	RLIMIT_DATA       = 2  // data segment size, in bytes
	RLIMIT_STACK      = 3  // stack size, in bytes
	RLIMIT_CORE       = 4  // core file size, in bytes
	RLIMIT_RSS        = 5  // resident set size (ignored since Linux 2.6)
	RLIMIT_NPROC      = 6  // processes of the real user
	RLIMIT_NOFILE     = 7  // open file descriptors, plus one
	RLIMIT_MEMLOCK    = 8  // locked memory, in bytes
	RLIMIT_AS         = 9  // address space, in bytes
	RLIMIT_LOCKS      = 10 // file locks
	RLIMIT_SIGPENDING = 11 // queued signals
	RLIMIT_MSGQUEUE   = 12 // POSIX message queue bytes
	RLIMIT_NICE       = 13 // ceiling of the nice value, as 20 - nice
	RLIMIT_RTPRIO     = 14 // ceiling of the real-time priority
	RLIMIT_RTTIME     = 15 // real-time CPU time without blocking, in microseconds
)

// RLIM_INFINITY is an unlimited resource in Process.rlimit(), as psutil
// reports it on Linux.
const RLIM_INFINITY = -1
