package procfs

import (
	"bytes"
	"strconv"
)

// /proc/cpuinfo: one block of "key<tabs>: value" lines per logical CPU,
// blocks separated by a blank line. Keys vary by architecture.

// CPUInfoFreqs appends to dst[:0] the current frequency of each CPU in MHz,
// from the keys psutil reads: x86's "cpu MHz", powerpc's "clock"
// ("2750.000000MHz") and s390x's "cpu MHz dynamic" (its "cpu MHz static"
// is the nominal one). Keys are matched case-insensitively.
func CPUInfoFreqs(b []byte, dst []float64) ([]float64, error) {
	dst = dst[:0]
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		key, value, ok := cpuInfoSplit(line)
		if !ok {
			continue
		}
		if !cpuEqualFoldAny(key, "cpu mhz", "clock", "cpu mhz dynamic") {
			continue
		}
		value = bytes.TrimSuffix(value, []byte("MHz"))
		v, err := strconv.ParseFloat(string(bytes.TrimSpace(value)), 64)
		if err != nil {
			return dst, parseError("cpuinfo", string(line))
		}
		dst = append(dst, v)
	}
	return dst, nil
}

// CPUInfoProcessors counts the lines starting with "processor" (any case):
// one per online logical CPU on most architectures.
func CPUInfoProcessors(b []byte) int {
	n := 0
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		if len(line) >= 9 && bytes.EqualFold(line[:9], []byte("processor")) {
			n++
		}
	}
	return n
}

// CPUInfoCores counts physical cores as psutil's cpu_count(logical=False)
// fallback does: for each "physical id" (a socket) its "cpu cores", summed
// over the sockets. A block counts only once it is closed by a blank line.
// The result is 0 when the keys are missing (e.g. on ARM).
func CPUInfoCores(b []byte) (int, error) {
	type socket struct{ id, cores int64 }
	var sockets []socket
	var id, cores int64
	haveID, haveCores := false, false
	for len(b) > 0 {
		var line []byte
		line, b = NextLine(b)
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			if haveID && haveCores {
				found := false
				for i := range sockets {
					if sockets[i].id == id {
						sockets[i].cores = cores
						found = true
					}
				}
				if !found {
					sockets = append(sockets, socket{id, cores})
				}
			}
			haveID, haveCores = false, false
			continue
		}
		isID := len(line) >= 11 && bytes.EqualFold(line[:11], []byte("physical id"))
		isCores := len(line) >= 9 && bytes.EqualFold(line[:9], []byte("cpu cores"))
		if !isID && !isCores {
			continue
		}
		_, value, ok := cpuInfoSplit(line)
		if !ok {
			return 0, parseError("cpuinfo", string(line))
		}
		v, ok := ParseInt(bytes.TrimSpace(value))
		if !ok {
			return 0, parseError("cpuinfo", string(line))
		}
		if isID {
			id, haveID = v, true
		} else {
			cores, haveCores = v, true
		}
	}
	total := 0
	for _, s := range sockets {
		total += int(s.cores)
	}
	return total, nil
}

// cpuInfoSplit splits "key\t\t: value" into its trimmed key and the value.
func cpuInfoSplit(line []byte) (key, value []byte, ok bool) {
	i := bytes.IndexByte(line, ':')
	if i < 0 {
		return nil, nil, false
	}
	return bytes.TrimSpace(line[:i]), bytes.TrimSpace(line[i+1:]), true
}

func cpuEqualFoldAny(b []byte, keys ...string) bool {
	for _, k := range keys {
		if len(b) == len(k) && bytes.EqualFold(b, []byte(k)) {
			return true
		}
	}
	return false
}
