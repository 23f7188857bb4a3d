package procfs

// /proc/<pid>/status: "Key:\tvalue" lines (proc_pid_status(5)). Which keys
// appear depends on the kernel version and on the process: kernel threads
// and zombies have no Vm* lines.

// PidStatus holds the /proc/<pid>/status lines psutil reads. Memory sizes
// are in kB, as the kernel prints them; a missing line leaves its field 0
// (psutil reads a missing Vm* line as 0).
type PidStatus struct {
	State       byte   // first letter of the State line
	Tgid        int    // thread group id: the pid of the process a thread belongs to
	Ppid        int    // parent's pid
	Uids        [3]int // real, effective, saved set-user-id
	Gids        [3]int // real, effective, saved set-group-id
	Threads     int    // number of threads
	VmPeak      uint64 // peak virtual memory size
	VmSize      uint64 // virtual memory size (statm's size)
	VmRSS       uint64 // resident set size (statm's resident)
	VmData      uint64 // data segment: with VmStk, statm's data
	VmStk       uint64 // stack
	VmExe       uint64 // text: statm's text, capped at exec_vm since 4.x
	VmLib       uint64 // exec_vm beyond the text: 0 when VmExe may be capped
	VmHWM       uint64 // peak resident set size ("high water mark")
	RssAnon     uint64 // resident anonymous memory (since 4.5)
	RssFile     uint64 // resident file mappings (since 4.5)
	RssShmem    uint64 // resident shared memory (since 4.5)
	VmSwap      uint64 // swapped-out anonymous memory (since 2.6.34)
	Hugetlb     uint64 // HugetlbPages: hugetlb memory (since 4.4)
	Voluntary   uint64 // voluntary_ctxt_switches (since 2.6.23)
	Involuntary uint64 // nonvoluntary_ctxt_switches (since 2.6.23)
	Has         PidStatusKey
}

// PidStatusKey is a set of /proc/<pid>/status lines.
type PidStatusKey uint16

// The lines PidStatus keeps, for Has.
const (
	PidStatusState PidStatusKey = 1 << iota
	PidStatusTgid
	PidStatusPpid
	PidStatusUid
	PidStatusGid
	PidStatusThreads
	PidStatusCtxt // both context-switch lines
	// PidStatusVm: every line statm's figures can be derived from (VmSize,
	// VmRSS, RssFile, RssShmem, VmData, VmStk, VmExe, VmLib).
	PidStatusVm
)

// ParsePidStatus parses the contents of /proc/<pid>/status.
func ParsePidStatus(data []byte) (PidStatus, error) {
	var st PidStatus
	var ctxt, vm int
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		key, val := pidSplitKey(line)
		if len(key) == 0 {
			continue
		}
		ok := true
		switch string(key) {
		case "State":
			if len(val) > 0 {
				st.State = val[0]
				st.Has |= PidStatusState
			}
		case "Tgid":
			st.Tgid, ok = pidAtoi(val)
			st.Has |= PidStatusTgid
		case "PPid":
			st.Ppid, ok = pidAtoi(val)
			st.Has |= PidStatusPpid
		case "Uid":
			ok = pidTriple(val, &st.Uids)
			st.Has |= PidStatusUid
		case "Gid":
			ok = pidTriple(val, &st.Gids)
			st.Has |= PidStatusGid
		case "Threads":
			st.Threads, ok = pidAtoi(val)
			st.Has |= PidStatusThreads
		case "VmPeak":
			st.VmPeak, ok = pidKB(val)
		case "VmHWM":
			st.VmHWM, ok = pidKB(val)
		case "VmSize":
			st.VmSize, ok = pidKB(val)
			vm++
		case "VmRSS":
			st.VmRSS, ok = pidKB(val)
			vm++
		case "VmData":
			st.VmData, ok = pidKB(val)
			vm++
		case "VmStk":
			st.VmStk, ok = pidKB(val)
			vm++
		case "VmExe":
			st.VmExe, ok = pidKB(val)
			vm++
		case "VmLib":
			st.VmLib, ok = pidKB(val)
			vm++
		case "RssAnon":
			st.RssAnon, ok = pidKB(val)
		case "RssFile":
			st.RssFile, ok = pidKB(val)
			vm++
		case "RssShmem":
			st.RssShmem, ok = pidKB(val)
			vm++
		case "VmSwap":
			st.VmSwap, ok = pidKB(val)
		case "HugetlbPages":
			st.Hugetlb, ok = pidKB(val)
		case "voluntary_ctxt_switches":
			st.Voluntary, ok = ParseUint(val)
			ctxt++
		case "nonvoluntary_ctxt_switches":
			st.Involuntary, ok = ParseUint(val)
			ctxt++
		}
		if !ok {
			return st, parseError("status", string(line))
		}
	}
	if ctxt == 2 {
		st.Has |= PidStatusCtxt
	}
	if vm == 8 {
		st.Has |= PidStatusVm
	}
	return st, nil
}

// PidStatusValue returns the raw value of one line of /proc/<pid>/status,
// such as "Cpus_allowed_list", without the surrounding blanks.
func PidStatusValue(data []byte, key string) ([]byte, bool) {
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		k, v := pidSplitKey(line)
		if string(k) == key {
			return v, true
		}
	}
	return nil, false
}

// pidSplitKey splits "Key:\t value" into "Key" and "value".
func pidSplitKey(line []byte) (key, val []byte) {
	for i, c := range line {
		if c == ':' {
			key, val = line[:i], line[i+1:]
			break
		}
	}
	if key == nil {
		return nil, nil
	}
	return key, TrimSpace(val)
}

// pidKB parses "1234 kB".
func pidKB(val []byte) (uint64, bool) {
	for i, c := range val {
		if c == ' ' || c == '\t' {
			val = val[:i]
			break
		}
	}
	return ParseUint(val)
}

// pidTriple parses the first three of the four tab-separated ids of a Uid
// or Gid line: real, effective, saved (the fourth is the filesystem id).
func pidTriple(val []byte, dst *[3]int) bool {
	n := 0
	for n < 3 {
		for len(val) > 0 && (val[0] == '\t' || val[0] == ' ') {
			val = val[1:]
		}
		j := 0
		for j < len(val) && val[j] != '\t' && val[j] != ' ' {
			j++
		}
		if j == 0 {
			return false
		}
		v, ok := ParseUint(val[:j])
		if !ok {
			return false
		}
		dst[n] = int(v)
		val = val[j:]
		n++
	}
	return true
}
