package procfs

import "bytes"

// /proc/<pid>/stat: one line of space-separated fields (proc_pid_stat(5)).
// The second field is the command name in parentheses; the name itself may
// hold spaces, parentheses and newlines, so it runs from the first '(' to
// the LAST ')' of the file.

// PidStat holds the fields of /proc/<pid>/stat that psutil reads. Times are
// in USER_HZ clock ticks.
type PidStat struct {
	Comm       []byte // command name, at most 15 bytes; aliases the parsed data
	State      byte   // R, S, D, Z, T, t, X, I, ...
	Ppid       int    // parent's pid
	Pgrp       int    // process group
	Session    int    // session id
	TtyNr      int64  // controlling terminal, as the kernel encodes dev_t; 0 if none
	Flags      uint64 // PF_* flags, such as PF_KTHREAD (0x00200000) for a kernel thread
	Minflt     uint64 // minor page faults
	Majflt     uint64 // major page faults
	Utime      uint64 // time in user mode
	Stime      uint64 // time in kernel mode
	Cutime     int64  // user time of waited-for children
	Cstime     int64  // kernel time of waited-for children
	Priority   int64  // scheduling priority as the kernel stores it
	Nice       int64  // nice value, -20 to 19
	NumThreads int64  // threads in the thread group
	Starttime  uint64 // start time after boot; with the pid, the process's identity
	Vsize      uint64 // virtual memory size in bytes
	Rss        int64  // resident pages
	Processor  int    // CPU last run on (since 2.2.8)
	BlkioTicks uint64 // delayacct_blkio_ticks: time waiting for block I/O (since 2.6.18)
	Fields     int    // fields read after the name: 40, or fewer on old kernels
}

// pidStatMinFields is the number of fields psutil needs after the name: up
// to the processor (field 39 of proc_pid_stat(5)). blkio_ticks, the 40th,
// may be missing (psutil gh-2455) and reads as 0.
const pidStatMinFields = 37

// ParsePidStat parses the contents of /proc/<pid>/stat. Comm aliases data.
func ParsePidStat(data []byte) (PidStat, error) {
	var st PidStat
	lp := bytes.IndexByte(data, '(')
	rp := bytes.LastIndexByte(data, ')')
	if lp < 0 || rp < lp {
		return st, parseError("stat", truncate(data, 200))
	}
	st.Comm = data[lp+1 : rp]
	rest := data[rp+1:]
	n := 0
	ok := true
	for len(rest) > 0 && ok {
		// Skip separators, then take one field.
		i := 0
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '\n') {
			i++
		}
		rest = rest[i:]
		if len(rest) == 0 {
			break
		}
		j := 0
		for j < len(rest) && rest[j] != ' ' && rest[j] != '\n' {
			j++
		}
		f := rest[:j]
		rest = rest[j:]
		switch n {
		case 0:
			st.State = f[0]
			ok = len(f) == 1
		case 1:
			st.Ppid, ok = pidAtoi(f)
		case 2:
			st.Pgrp, ok = pidAtoi(f)
		case 3:
			st.Session, ok = pidAtoi(f)
		case 4:
			st.TtyNr, ok = ParseInt(f)
		case 6:
			st.Flags, ok = ParseUint(f)
		case 7:
			st.Minflt, ok = ParseUint(f)
		case 9:
			st.Majflt, ok = ParseUint(f)
		case 11:
			st.Utime, ok = ParseUint(f)
		case 12:
			st.Stime, ok = ParseUint(f)
		case 13:
			st.Cutime, ok = ParseInt(f)
		case 14:
			st.Cstime, ok = ParseInt(f)
		case 15:
			st.Priority, ok = ParseInt(f)
		case 16:
			st.Nice, ok = ParseInt(f)
		case 17:
			st.NumThreads, ok = ParseInt(f)
		case 19:
			st.Starttime, ok = ParseUint(f)
		case 20:
			st.Vsize, ok = ParseUint(f)
		case 21:
			st.Rss, ok = ParseInt(f)
		case 36:
			st.Processor, ok = pidAtoi(f)
		case 39:
			st.BlkioTicks, ok = ParseUint(f)
		}
		n++
		if n == 40 {
			break // nothing further is needed
		}
	}
	st.Fields = n
	if !ok || n < pidStatMinFields {
		return st, parseError("stat", truncate(data, 200))
	}
	return st, nil
}

// ParsePidStatStart returns the state and start time of a stat file: what an
// identity check needs, without the rest of ParsePidStat.
func ParsePidStatStart(data []byte) (state byte, starttime uint64, ppid int, err error) {
	rp := bytes.LastIndexByte(data, ')')
	if rp < 0 {
		return 0, 0, 0, parseError("stat", truncate(data, 200))
	}
	rest := data[rp+1:]
	n := 0
	for len(rest) > 0 {
		i := 0
		for i < len(rest) && (rest[i] == ' ' || rest[i] == '\n') {
			i++
		}
		rest = rest[i:]
		j := 0
		for j < len(rest) && rest[j] != ' ' && rest[j] != '\n' {
			j++
		}
		if j == 0 {
			break
		}
		f := rest[:j]
		rest = rest[j:]
		var ok bool
		switch n {
		case 0:
			state, ok = f[0], len(f) == 1
		case 1:
			ppid, ok = pidAtoi(f)
		case 19:
			starttime, ok = ParseUint(f)
			if ok {
				return state, starttime, ppid, nil
			}
		default:
			ok = true
		}
		if !ok {
			break
		}
		n++
	}
	return 0, 0, 0, parseError("stat", truncate(data, 200))
}

func pidAtoi(b []byte) (int, bool) {
	v, ok := ParseInt(b)
	return int(v), ok
}
