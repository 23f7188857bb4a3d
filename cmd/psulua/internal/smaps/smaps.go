// Package smaps reads this process's /proc/self/smaps, for the tests of
// the memory advice psulua gives as it starts (cmd/psulua and its
// prefault package).
package smaps

import (
	"bufio"
	"os"
	"strconv"
	"strings"
)

// Mapping is one region of /proc/self/smaps.
type Mapping struct {
	Start, End  uintptr
	Perms, Path string
	KB          map[string]int // the counters in kB: Size, Rss, AnonHugePages...
	VmFlags     string         // the flags of its "VmFlags:" line
}

// Read reads every region of /proc/self/smaps.
func Read() ([]Mapping, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var maps []Mapping
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if lo, hi, ok := strings.Cut(fields[0], "-"); ok && len(fields) >= 5 {
			start, err1 := strconv.ParseUint(lo, 16, 64)
			end, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				m := Mapping{Start: uintptr(start), End: uintptr(end), Perms: fields[1], KB: map[string]int{}}
				if len(fields) >= 6 {
					m.Path = fields[5]
				}
				maps = append(maps, m)
				continue
			}
		}
		if len(maps) == 0 {
			continue
		}
		m := &maps[len(maps)-1]
		if flags, ok := strings.CutPrefix(line, "VmFlags:"); ok {
			m.VmFlags = strings.TrimSpace(flags)
		} else if len(fields) == 3 && fields[2] == "kB" {
			if n, err := strconv.Atoi(fields[1]); err == nil {
				m.KB[strings.TrimSuffix(fields[0], ":")] = n
			}
		}
	}
	return maps, sc.Err()
}

// Holding returns the region of maps that holds addr.
func Holding(maps []Mapping, addr uintptr) (Mapping, bool) {
	for _, m := range maps {
		if m.Start <= addr && addr < m.End {
			return m, true
		}
	}
	return Mapping{}, false
}
