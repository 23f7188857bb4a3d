package procfs

// /proc/<pid>/smaps: each region of /proc/<pid>/maps followed by its memory
// counters as "Key:   N kB" lines, and a final "VmFlags:" line
// (proc_pid_smaps(5)). /proc/<pid>/smaps_rollup (Linux 4.14) has one
// header line and the counters summed over every region.

// PidSmap is one region of /proc/<pid>/smaps, counters in kB. The byte
// slices of Map alias the parsed data.
type PidSmap struct {
	Map          PidMap
	Size         uint64
	Rss          uint64
	Pss          uint64
	SharedClean  uint64
	SharedDirty  uint64
	PrivateClean uint64
	PrivateDirty uint64
	Referenced   uint64
	Anonymous    uint64
	Swap         uint64
}

// ParsePidSmaps calls fn for every region of /proc/<pid>/smaps. A counter
// line whose value is not a number is an error, except VmFlags.
func ParsePidSmaps(data []byte, fn func(*PidSmap)) error {
	var cur PidSmap
	have := false
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		if len(line) == 0 {
			continue
		}
		key, val := pidSplitKey(line)
		if len(key) == 0 || hasBlank(key) {
			m, ok := ParsePidMapsLine(line)
			if !ok {
				return parseError("smaps", string(line))
			}
			if have {
				fn(&cur)
			}
			cur, have = PidSmap{Map: m}, true
			continue
		}
		if string(key) == "VmFlags" {
			continue
		}
		v, ok := pidKB(val)
		if !ok {
			return parseError("smaps", string(line))
		}
		switch string(key) {
		case "Size":
			cur.Size = v
		case "Rss":
			cur.Rss = v
		case "Pss":
			cur.Pss = v
		case "Shared_Clean":
			cur.SharedClean = v
		case "Shared_Dirty":
			cur.SharedDirty = v
		case "Private_Clean":
			cur.PrivateClean = v
		case "Private_Dirty":
			cur.PrivateDirty = v
		case "Referenced":
			cur.Referenced = v
		case "Anonymous":
			cur.Anonymous = v
		case "Swap":
			cur.Swap = v
		}
	}
	if have {
		fn(&cur)
	}
	return nil
}

// PidSmapsSum is what psutil's memory_footprint reads from smaps or
// smaps_rollup, in kB.
type PidSmapsSum struct {
	Private uint64 // Private_Clean + Private_Dirty + Private_Hugetlb: the USS
	Pss     uint64 // proportional set size
	Swap    uint64 // swapped-out memory
}

// SumPidSmaps sums the Private_*, Pss and Swap lines of /proc/<pid>/smaps
// or /proc/<pid>/smaps_rollup (where each appears once). Other lines, such
// as Pss_Anon or SwapPss, are not counted.
func SumPidSmaps(data []byte) (PidSmapsSum, error) {
	var s PidSmapsSum
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		if len(line) < 4 {
			continue
		}
		var dst *uint64
		switch {
		case line[0] == 'P' && hasPrefix(line, "Private_"):
			dst = &s.Private
		case line[0] == 'P' && hasPrefix(line, "Pss:"):
			dst = &s.Pss
		case line[0] == 'S' && hasPrefix(line, "Swap:"):
			dst = &s.Swap
		default:
			continue
		}
		_, val := pidSplitKey(line)
		v, ok := pidKB(val)
		if !ok {
			return s, parseError("smaps", string(line))
		}
		*dst += v
	}
	return s, nil
}
