package procfs

// PidFdinfo is /proc/<pid>/fdinfo/<fd>: the state of one file descriptor
// (proc_pid_fdinfo(5)).
type PidFdinfo struct {
	Pos   int64  // file offset
	Flags uint64 // open(2) flags and the descriptor's close-on-exec flag (printed in octal)
	MntID int    // id of the mount holding the file (since 3.15)
}

// ParsePidFdinfo parses the contents of /proc/<pid>/fdinfo/<fd>: its pos
// and flags lines must be there.
func ParsePidFdinfo(data []byte) (PidFdinfo, error) {
	var fi PidFdinfo
	var seen int
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		key, val := pidSplitKey(line)
		ok := true
		switch string(key) {
		case "pos":
			fi.Pos, ok = ParseInt(val)
			seen |= 1
		case "flags":
			fi.Flags, ok = pidOctal(val)
			seen |= 2
		case "mnt_id":
			fi.MntID, ok = pidAtoi(val)
		}
		if !ok {
			return fi, parseError("fdinfo", string(line))
		}
	}
	if seen != 3 {
		return fi, parseError("fdinfo", "no pos or flags line")
	}
	return fi, nil
}

func pidOctal(b []byte) (uint64, bool) {
	if len(b) == 0 || len(b) > 21 {
		return 0, false
	}
	var n uint64
	for _, c := range b {
		if c < '0' || c > '7' {
			return 0, false
		}
		n = n<<3 | uint64(c-'0')
	}
	return n, true
}
