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
	line, _ := NextLine(b)
	return cpuParseStatLine(line)
}

// ParseStatPerCPU appends to dst[:0] one CPUStat per "cpuN" line, in the
// kernel's order (online CPUs only: offline ones have no line).
func ParseStatPerCPU(b []byte, dst []CPUStat) ([]CPUStat, error) {
	dst = dst[:0]
	_, b = NextLine(b) // the system-wide line
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		if !hasPrefix(line, "cpu") {
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
		line, b = NextLine(b)
		if len(line) > 3 && hasPrefix(line, "cpu") && line[3] >= '0' && line[3] <= '9' {
			n++
		}
	}
	return n
}

// ParseStatCounters reads the ctxt, intr and softirq lines.
func ParseStatCounters(b []byte) (StatCounters, error) {
	var c StatCounters
	keys := [...]struct {
		key string
		dst *uint64
	}{{"ctxt", &c.Ctxt}, {"intr", &c.Intr}, {"softirq", &c.Softirq}}
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		for _, k := range keys {
			if f, ok := cpuStatValue(line, k.key); ok {
				v, ok := ParseUint(f)
				if !ok {
					return c, parseError("stat", truncate(line, 80))
				}
				*k.dst = v
				break
			}
		}
	}
	return c, nil
}

// ParseStatBtime returns the "btime" line: the boot time in seconds since
// the epoch (psutil's boot_time). A missing line is an error wrapping
// ErrFileParse, as psutil raises one.
func ParseStatBtime(b []byte) (uint64, error) {
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		if f, ok := cpuStatValue(line, "btime"); ok {
			v, ok := ParseUint(f)
			if !ok {
				return 0, parseError("stat", truncate(line, 80))
			}
			return v, nil
		}
	}
	return 0, fmt.Errorf("%w stat: no 'btime' line", ErrFileParse)
}

// cpuStatValue returns the value of a "key value..." line that starts with key,
// read as psutil does: line.startswith(key), then line.split()[1]; nil
// when the line has no second field.
func cpuStatValue(line []byte, key string) ([]byte, bool) {
	if !hasPrefix(line, key) {
		return nil, false
	}
	_, rest := NextField(line)
	f, _ := NextField(rest)
	return f, true
}

// cpuParseStatLine parses "cpu[N] user nice system idle [iowait ...]". Columns
// beyond the ten known ones are ignored, as psutil does.
func cpuParseStatLine(line []byte) (CPUStat, error) {
	var c CPUStat
	name, rest := NextField(line)
	if !hasPrefix(name, "cpu") {
		return c, parseError("stat", truncate(line, 80))
	}
	dst := [10]*uint64{&c.User, &c.Nice, &c.System, &c.Idle, &c.Iowait,
		&c.Irq, &c.Softirq, &c.Steal, &c.Guest, &c.GuestNice}
	for c.Columns < len(dst) {
		var f []byte
		f, rest = NextField(rest)
		if f == nil {
			break
		}
		v, ok := ParseUint(f)
		if !ok {
			return CPUStat{}, parseError("stat", truncate(line, 80))
		}
		*dst[c.Columns] = v
		c.Columns++
	}
	// user, nice, system and idle are printed by every kernel.
	if c.Columns < 4 {
		return CPUStat{}, parseError("stat", truncate(line, 80))
	}
	return c, nil
}
