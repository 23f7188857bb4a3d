package procfs

import "fmt"

// /proc/stat: kernel and system statistics (proc_stat(5)). The parsers take
// the whole file and look only at the lines they need.

// CPUStat is one "cpu" or "cpuN" line of /proc/stat: the time spent in
// each mode, in USER_HZ ticks. Columns an old kernel does not print are 0.
type CPUStat struct {
	User      uint64 // user mode, including Guest
	Nice      uint64 // user mode at low priority, including GuestNice
	System    uint64 // kernel mode
	Idle      uint64 // the idle task
	Iowait    uint64 // idle with I/O outstanding (since Linux 2.5.41)
	Irq       uint64 // servicing hard interrupts (since 2.6.0)
	Softirq   uint64 // servicing softirqs (since 2.6.0)
	Steal     uint64 // stolen by the hypervisor (since 2.6.11)
	Guest     uint64 // running a guest's virtual CPU (since 2.6.24)
	GuestNice uint64 // running a niced guest (since 2.6.33)
	Columns   int    // how many of the ten columns the kernel printed
}

// StatCounters holds the system-wide event counters of /proc/stat.
// A line the kernel does not print leaves its field 0.
type StatCounters struct {
	Ctxt    uint64 // context switches since boot ("ctxt")
	Intr    uint64 // interrupts serviced since boot: the first number of "intr"
	Softirq uint64 // softirqs serviced since boot: the first number of "softirq" (since 2.6.31)
}

// ParseStatCPU parses the first line of /proc/stat, the "cpu" line that
// sums every CPU.
func ParseStatCPU(b []byte) (CPUStat, error) {
	line, _ := cpuNextLine(b)
	return cpuParseStatLine(line)
}

// ParseStatPerCPU appends to dst[:0] one CPUStat per "cpuN" line, in the
// kernel's order (online CPUs only: offline ones have no line).
func ParseStatPerCPU(b []byte, dst []CPUStat) ([]CPUStat, error) {
	dst = dst[:0]
	_, b = cpuNextLine(b) // the system-wide line
	for len(b) > 0 {
		var line []byte
		line, b = cpuNextLine(b)
		if !cpuHasPrefix(line, "cpu") {
			continue
		}
		c, err := cpuParseStatLine(line)
		if err != nil {
			return dst, err
		}
		dst = append(dst, c)
	}
	return dst, nil
}

// CountStatCPUs counts the "cpuN" lines: the number of online CPUs.
func CountStatCPUs(b []byte) int {
	n := 0
	for len(b) > 0 {
		var line []byte
		line, b = cpuNextLine(b)
		if len(line) > 3 && cpuHasPrefix(line, "cpu") && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	return n
}

// ParseStatCounters reads the ctxt, intr and softirq lines.
func ParseStatCounters(b []byte) (StatCounters, error) {
	var c StatCounters
	for len(b) > 0 {
		var line []byte
		line, b = cpuNextLine(b)
		var dst *uint64
		switch {
		case cpuHasPrefix(line, "ctxt"):
			dst = &c.Ctxt
		case cpuHasPrefix(line, "intr"):
			dst = &c.Intr
		case cpuHasPrefix(line, "softirq"):
			dst = &c.Softirq
		default:
			continue
		}
		_, rest := cpuNextField(line)
		f, _ := cpuNextField(rest)
		v, ok := ParseUint(f)
		if !ok {
			return c, parseError("stat", string(cpuTruncate(line)))
		}
		*dst = v
	}
	return c, nil
}

// ParseStatBtime returns the "btime" line: the boot time in seconds since
// the epoch (psutil's boot_time). A missing line is an error wrapping
// ErrFileParse, as psutil raises one.
func ParseStatBtime(b []byte) (uint64, error) {
	for len(b) > 0 {
		var line []byte
		line, b = cpuNextLine(b)
		if !cpuHasPrefix(line, "btime") {
			continue
		}
		_, rest := cpuNextField(line)
		f, _ := cpuNextField(rest)
		v, ok := ParseUint(f)
		if !ok {
			return 0, parseError("stat", string(line))
		}
		return v, nil
	}
	return 0, fmt.Errorf("%w stat: no 'btime' line", ErrFileParse)
}

// cpuParseStatLine parses "cpu[N] user nice system idle [iowait ...]". Columns
// beyond the ten known ones are ignored, as psutil does.
func cpuParseStatLine(line []byte) (CPUStat, error) {
	var c CPUStat
	name, rest := cpuNextField(line)
	if !cpuHasPrefix(name, "cpu") {
		return c, parseError("stat", string(cpuTruncate(line)))
	}
	dst := [10]*uint64{&c.User, &c.Nice, &c.System, &c.Idle, &c.Iowait,
		&c.Irq, &c.Softirq, &c.Steal, &c.Guest, &c.GuestNice}
	for c.Columns < len(dst) {
		var f []byte
		f, rest = cpuNextField(rest)
		if f == nil {
			break
		}
		v, ok := ParseUint(f)
		if !ok {
			return CPUStat{}, parseError("stat", string(cpuTruncate(line)))
		}
		*dst[c.Columns] = v
		c.Columns++
	}
	// user, nice, system and idle are printed by every kernel.
	if c.Columns < 4 {
		return CPUStat{}, parseError("stat", string(cpuTruncate(line)))
	}
	return c, nil
}

// cpuNextLine splits b after its first newline.
func cpuNextLine(b []byte) (line, rest []byte) {
	for i, c := range b {
		if c == '\n' {
			return b[:i], b[i+1:]
		}
	}
	return b, nil
}

// cpuNextField returns the first space- or tab-separated field of b, or nil.
func cpuNextField(b []byte) (field, rest []byte) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	j := i
	for j < len(b) && b[j] != ' ' && b[j] != '\t' {
		j++
	}
	if i == j {
		return nil, nil
	}
	return b[i:j], b[j:]
}

func cpuHasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// cpuTruncate keeps error messages short: the intr line can hold thousands
// of numbers.
func cpuTruncate(line []byte) []byte {
	if len(line) > 80 {
		return line[:80]
	}
	return line
}
