package procfs

import "fmt"

// PidIO is /proc/<pid>/io: the I/O counters of a process (proc_pid_io(5)),
// readable only by its owner (and by root).
type PidIO struct {
	Rchar               uint64 // bytes read by read(2) and the like, from any source
	Wchar               uint64 // bytes written by write(2) and the like
	Syscr               uint64 // read system calls
	Syscw               uint64 // write system calls
	ReadBytes           uint64 // bytes fetched from the storage layer
	WriteBytes          uint64 // bytes sent to the storage layer
	CancelledWriteBytes uint64 // written bytes whose writeback was cancelled (truncation)
}

// ParsePidIO parses the contents of /proc/<pid>/io. Unparsable lines are
// skipped, as psutil does (gh-1004); a missing counter is an error.
func ParsePidIO(data []byte) (PidIO, error) {
	var io PidIO
	var seen uint8
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		key, val := pidSplitKey(line)
		v, ok := ParseUint(val)
		if !ok {
			continue
		}
		switch string(key) {
		case "rchar":
			io.Rchar, seen = v, seen|1
		case "wchar":
			io.Wchar, seen = v, seen|2
		case "syscr":
			io.Syscr, seen = v, seen|4
		case "syscw":
			io.Syscw, seen = v, seen|8
		case "read_bytes":
			io.ReadBytes, seen = v, seen|16
		case "write_bytes":
			io.WriteBytes, seen = v, seen|32
		case "cancelled_write_bytes":
			io.CancelledWriteBytes = v
		}
	}
	if seen == 0 {
		return io, fmt.Errorf("%w io: file is empty", ErrFileParse)
	}
	if seen != 63 {
		for i, name := range [...]string{"rchar", "wchar", "syscr", "syscw", "read_bytes", "write_bytes"} {
			if seen&(1<<i) == 0 {
				return io, fmt.Errorf("%w io: field %q not found", ErrFileParse, name)
			}
		}
	}
	return io, nil
}
