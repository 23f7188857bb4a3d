package procfs

// PidStatm is /proc/<pid>/statm: memory sizes in pages (proc_pid_statm(5)).
// Lib and Dirty have been 0 since Linux 2.6.
type PidStatm struct {
	Size     uint64 // total program size (VmSize)
	Resident uint64 // resident set size (VmRSS)
	Shared   uint64 // resident file-backed and shared pages (RssFile+RssShmem)
	Text     uint64 // text (code)
	Lib      uint64 // library, unused
	Data     uint64 // data + stack
	Dirty    uint64 // dirty pages, unused
}

// ParsePidStatm parses the contents of /proc/<pid>/statm.
func ParsePidStatm(data []byte) (PidStatm, error) {
	var v [7]uint64
	rest := data
	for i := range v {
		for len(rest) > 0 && rest[0] == ' ' {
			rest = rest[1:]
		}
		j := 0
		for j < len(rest) && rest[j] != ' ' && rest[j] != '\n' {
			j++
		}
		n, ok := ParseUint(rest[:j])
		if !ok {
			return PidStatm{}, parseError("statm", truncate(data, 200))
		}
		v[i] = n
		rest = rest[j:]
	}
	return PidStatm{v[0], v[1], v[2], v[3], v[4], v[5], v[6]}, nil
}
