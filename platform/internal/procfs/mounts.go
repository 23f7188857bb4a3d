package procfs

// /proc/self/mounts (proc_mounts(5)), in the fstab(5) format that
// getmntent(3) reads, and /proc/self/mountinfo (proc_pid_mountinfo(5)).

// Mount is one line of a mounts file as glibc's getmntent(3) returns it,
// which is what psutil's disk_partitions reads.
type Mount struct {
	Device     string // "/dev/sda1", "tmpfs", "none"...
	Mountpoint string
	Fstype     string
	Opts       string // comma-separated mount options
}

// diskMntentLineMax is what glibc's getmntent(3) reads of one line (its
// static buffer is 4096 bytes): the rest of a longer line is dropped.
const diskMntentLineMax = 4095

// ParseMounts appends one Mount per entry of a mounts file to dst[:0],
// reading it as getmntent(3) does: blank lines and lines starting with '#'
// are skipped, fields are separated by runs of spaces and tabs, a missing
// field is "", and the kernel's octal escapes (\040 space, \011 tab, \012
// newline, \134 backslash, as well as \\) are decoded in every field.
func ParseMounts(b []byte, dst []Mount) []Mount {
	dst = dst[:0]
	var buf []byte
	Lines(b, func(line []byte) {
		if len(line) > diskMntentLineMax {
			line = line[:diskMntentLineMax]
		}
		line = skipBlanks(line)
		if len(line) == 0 || line[0] == '#' {
			return
		}
		// Decode the four fields into one buffer and make one string of
		// it: one allocation per line.
		buf = buf[:0]
		var ends [4]int
		for i := range ends {
			var field []byte
			field, line = diskNextMntField(line)
			buf = diskDecodeMntName(buf, field)
			ends[i] = len(buf)
		}
		s := string(buf)
		dst = append(dst, Mount{
			Device:     s[:ends[0]],
			Mountpoint: s[ends[0]:ends[1]],
			Fstype:     s[ends[1]:ends[2]],
			Opts:       s[ends[2]:ends[3]],
		})
	})
	return dst
}

// diskNextMntField splits off the field up to the next space or tab and
// skips the blanks after it.
func diskNextMntField(b []byte) (field, rest []byte) {
	for i, c := range b {
		if c == ' ' || c == '\t' {
			return b[:i], skipBlanks(b[i+1:])
		}
	}
	return b, nil
}

// diskDecodeMntName appends name to dst with the escapes that glibc's
// decode_name undoes; other backslashes are kept as they are.
func diskDecodeMntName(dst, name []byte) []byte {
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '\\' {
			rest := name[i+1:]
			switch {
			case len(rest) >= 3 && rest[0] == '0' && rest[1] == '4' && rest[2] == '0':
				c, i = ' ', i+3
			case len(rest) >= 3 && rest[0] == '0' && rest[1] == '1' && rest[2] == '1':
				c, i = '\t', i+3
			case len(rest) >= 3 && rest[0] == '0' && rest[1] == '1' && rest[2] == '2':
				c, i = '\n', i+3
			case len(rest) >= 1 && rest[0] == '\\':
				i++
			case len(rest) >= 3 && rest[0] == '1' && rest[1] == '3' && rest[2] == '4':
				i += 3
			}
		}
		dst = append(dst, c)
	}
	return dst
}

// ParseMountinfoFstypes appends to dst[:0] the filesystem type of every line
// of /proc/self/mountinfo: each field that follows a lone "-" (the
// separator before "fstype source super-options"). The values alias b.
func ParseMountinfoFstypes(b []byte, dst [][]byte) [][]byte {
	dst = dst[:0]
	var f [32][]byte
	Lines(b, func(line []byte) {
		fields := Fields(line, f[:0])
		for i := 0; i+1 < len(fields); i++ {
			if len(fields[i]) == 1 && fields[i][0] == '-' {
				dst = append(dst, fields[i+1])
			}
		}
	})
	return dst
}
