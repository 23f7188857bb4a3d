package procfs

// /proc/<pid>/maps: one line per mapped region (proc_pid_maps(5)):
//
//	address           perms offset  dev   inode      pathname
//	00400000-00452000 r-xp 00000000 08:02 173521     /usr/bin/dbus-daemon
//
// /proc/<pid>/smaps prints the same line before each region's counters.

// PidMap is one line of /proc/<pid>/maps. The byte slices alias the parsed
// data.
type PidMap struct {
	Addr   []byte // "start-end", in hex
	Perms  []byte // "rwxp" or "rwxs"
	Offset []byte // offset in the file, in hex
	Dev    []byte // "major:minor" of the file's device
	Inode  uint64 // inode of the file, 0 for anonymous memory
	Path   []byte // file, "[heap]", "[stack]", ... or empty; may end in " (deleted)"
}

// ParsePidMapsLine parses one region line. ok is false when the line is
// not one (in smaps, a "Key: value" counter line).
func ParsePidMapsLine(line []byte) (m PidMap, ok bool) {
	var f [5][]byte
	rest := line
	for i := range f {
		for len(rest) > 0 && (rest[0] == ' ' || rest[0] == '\t') {
			rest = rest[1:]
		}
		j := 0
		for j < len(rest) && rest[j] != ' ' && rest[j] != '\t' {
			j++
		}
		if j == 0 {
			return m, false
		}
		f[i], rest = rest[:j], rest[j:]
	}
	if f[0][len(f[0])-1] == ':' {
		return m, false
	}
	inode, ok := ParseUint(f[4])
	if !ok {
		return m, false
	}
	// The path is the rest of the line; it may itself hold blanks.
	return PidMap{Addr: f[0], Perms: f[1], Offset: f[2], Dev: f[3], Inode: inode, Path: TrimSpace(rest)}, true
}

// ParsePidMaps calls fn for every region of /proc/<pid>/maps.
func ParsePidMaps(data []byte, fn func(PidMap)) error {
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		if len(line) == 0 {
			continue
		}
		m, ok := ParsePidMapsLine(line)
		if !ok {
			return parseError("maps", string(line))
		}
		fn(m)
	}
	return nil
}
