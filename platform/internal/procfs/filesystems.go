package procfs

// /proc/filesystems: the filesystem types the kernel supports
// (filesystems(5)), one per line: "nodev\tproc" or "\text4".

// Filesystem is one line of /proc/filesystems.
type Filesystem struct {
	Name  []byte // the type, as mount(8) and /proc/self/mounts spell it; aliases the input
	Nodev bool   // the type needs no block device (proc, tmpfs, nfs, zfs...)
}

// ParseFilesystems appends one Filesystem per line to dst[:0]. A "nodev"
// line names the type in its second tab-separated column; any other line
// is the type itself, blanks trimmed (as psutil reads the file).
func ParseFilesystems(b []byte, dst []Filesystem) []Filesystem {
	dst = dst[:0]
	Lines(b, func(line []byte) {
		line = TrimSpace(line)
		if len(line) >= 5 && string(line[:5]) == "nodev" {
			name, ok := diskTabColumn(line, 1)
			if !ok {
				return
			}
			dst = append(dst, Filesystem{Name: name, Nodev: true})
			return
		}
		dst = append(dst, Filesystem{Name: line})
	})
	return dst
}

// diskTabColumn returns the n-th column of b split at every tab.
func diskTabColumn(b []byte, n int) ([]byte, bool) {
	for ; n > 0; n-- {
		i := 0
		for i < len(b) && b[i] != '\t' {
			i++
		}
		if i == len(b) {
			return nil, false
		}
		b = b[i+1:]
	}
	for i, c := range b {
		if c == '\t' {
			return b[:i], true
		}
	}
	return b, true
}
