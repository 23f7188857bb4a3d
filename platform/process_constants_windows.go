package platform

// The priority classes of Process.nice() on Windows (psutil's Priority).
const (
	ABOVE_NORMAL_PRIORITY_CLASS = 0x8000
	BELOW_NORMAL_PRIORITY_CLASS = 0x4000
	HIGH_PRIORITY_CLASS         = 0x80
	IDLE_PRIORITY_CLASS         = 0x40
	NORMAL_PRIORITY_CLASS       = 0x20
	REALTIME_PRIORITY_CLASS     = 0x100
)

// The I/O priorities of Process.ionice() on Windows (psutil's
// IOPriority); Windows has no value within a priority.
const (
	IOPRIO_VERYLOW IOPriorityClass = 0
	IOPRIO_LOW     IOPriorityClass = 1
	IOPRIO_NORMAL  IOPriorityClass = 2
	IOPRIO_HIGH    IOPriorityClass = 3
)

// CONN_DELETE_TCB is the status of a TCP connection being deleted, a state
// only Windows reports.
const CONN_DELETE_TCB = "DELETE_TCB"

func init() {
	// The repr names Windows' I/O priorities, as psutil's enum does.
	ioprioNames = map[IOPriorityClass]string{
		IOPRIO_VERYLOW: "IOPRIO_VERYLOW", IOPRIO_LOW: "IOPRIO_LOW",
		IOPRIO_NORMAL: "IOPRIO_NORMAL", IOPRIO_HIGH: "IOPRIO_HIGH",
	}
}
