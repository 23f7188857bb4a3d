package procfs

import "bytes"

// /proc/<pid>/limits: the resource limits of a process, one per line after
// a header, as fixed-width columns (the kernel prints "%-25s %-20s %-20s").
// Unlike prlimit(2) on another user's process, it is readable by anyone.

// PidLimit is one resource limit; PidLimitUnlimited stands for "unlimited".
type PidLimit struct {
	Soft, Hard int64
}

// PidLimitUnlimited is how ParsePidLimits reports "unlimited": psutil's
// RLIM_INFINITY on Linux.
const PidLimitUnlimited = -1

// pidLimitNames are the kernel's names of the RLIMIT_* resources, indexed by
// resource number (fs/proc/base.c, lnames).
var pidLimitNames = [...]string{
	"Max cpu time", "Max file size", "Max data size", "Max stack size",
	"Max core file size", "Max resident set", "Max processes", "Max open files",
	"Max locked memory", "Max address space", "Max file locks", "Max pending signals",
	"Max msgqueue size", "Max nice priority", "Max realtime priority", "Max realtime timeout",
}

// PidLimits holds the limits by RLIMIT_* resource number; Has[r] tells
// whether the file had a line for resource r.
type PidLimits struct {
	Limits [len(pidLimitNames)]PidLimit
	Has    [len(pidLimitNames)]bool
}

// ParsePidLimits parses the contents of /proc/<pid>/limits.
func ParsePidLimits(data []byte) (PidLimits, error) {
	var l PidLimits
	first := true
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		if first || len(bytes.TrimSpace(line)) == 0 {
			first = false // the header
			continue
		}
		r := -1
		for i, name := range pidLimitNames {
			if hasPrefix(line, name) && len(line) > len(name) && line[len(name)] == ' ' {
				r = i
				break
			}
		}
		if r < 0 {
			continue // a resource this parser does not know
		}
		var f [4][]byte
		fs := Fields(line[len(pidLimitNames[r]):], f[:0])
		if len(fs) < 2 {
			return l, parseError("limits", string(line))
		}
		soft, ok1 := pidLimitValue(fs[0])
		hard, ok2 := pidLimitValue(fs[1])
		if !ok1 || !ok2 {
			return l, parseError("limits", string(line))
		}
		l.Limits[r] = PidLimit{soft, hard}
		l.Has[r] = true
	}
	return l, nil
}

func pidLimitValue(b []byte) (int64, bool) {
	if string(b) == "unlimited" {
		return PidLimitUnlimited, true
	}
	v, ok := ParseUint(b)
	if !ok || v >= 1<<63 {
		return 0, false
	}
	return int64(v), true
}
