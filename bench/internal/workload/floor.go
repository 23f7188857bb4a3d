package workload

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"strconv"
	"unsafe"

	"golang.org/x/sys/unix"
)

// FloorPs is the floor of the ps listing: the least a Go program has to do
// to print the same fields. It lists /proc with getdents, reads stat and
// cmdline of each process with one openat, read and close each into one
// reused buffer, takes the real uid from a pidfd (pidfd_open, the
// PIDFD_GET_INFO ioctl of Linux 6.13, close: cheaper than status, which
// it reads instead on older kernels), parses by hand without allocating,
// and looks user names up in /etc/passwd read once.
func FloorPs(w io.Writer) error {
	f, err := newFloor()
	if err != nil {
		return err
	}
	pids, err := f.pids()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	l := make(line, 0, 512)
	for _, pid := range pids {
		var ok bool
		if l, ok = f.process(l[:0], pid); ok {
			bw.Write(l)
		}
	}
	return bw.Flush()
}

type floor struct {
	noPidfd  bool // pidfd_open or PIDFD_GET_INFO failed: read status
	buf      []byte
	path     [64]byte
	users    map[int]string
	btime    float64
	pagesize uint64
}

const floorTicks = 100 // USER_HZ

func newFloor() (*floor, error) {
	f := &floor{buf: make([]byte, 4096), users: map[int]string{}, pagesize: uint64(os.Getpagesize())}
	stat, err := os.ReadFile("/proc/stat")
	if err != nil {
		return nil, err
	}
	if i := bytes.Index(stat, []byte("\nbtime ")); i >= 0 {
		f.btime = float64(atoi(stat[i+7:]))
	}
	if pw, err := os.ReadFile("/etc/passwd"); err == nil {
		for _, ln := range bytes.Split(pw, []byte{'\n'}) {
			fs := bytes.SplitN(ln, []byte{':'}, 4)
			if len(fs) == 4 {
				f.users[int(atoi(fs[2]))] = string(fs[0])
			}
		}
	}
	return f, nil
}

// pids reads the numeric entries of /proc with getdents64.
func (f *floor) pids() ([]int, error) {
	fd, err := unix.Open("/proc", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, err
	}
	defer unix.Close(fd)
	pids := make([]int, 0, 512)
	buf := make([]byte, 32<<10)
	for {
		n, err := unix.Getdents(fd, buf)
		if err != nil {
			return nil, err
		}
		if n <= 0 {
			return pids, nil
		}
		for b := buf[:n]; len(b) >= 19; {
			reclen := int(*(*uint16)(unsafe.Pointer(&b[16])))
			name := b[19:reclen]
			if name[0] >= '1' && name[0] <= '9' {
				pids = append(pids, int(atoi(name)))
			}
			b = b[reclen:]
		}
	}
}

var floorAtFdcwd = func() uintptr { fd := unix.AT_FDCWD; return uintptr(fd) }()

// read reads /proc/<pid>/<name> into f.buf. procfs hands out a whole file
// in one read when it fits, so a short read ends it.
func (f *floor) read(pid int, name string) ([]byte, bool) {
	p := append(f.path[:0], "/proc/"...)
	p = strconv.AppendInt(p, int64(pid), 10)
	p = append(p, '/')
	p = append(p, name...)
	p = append(p, 0)
	fd, _, e := unix.Syscall6(unix.SYS_OPENAT, floorAtFdcwd, uintptr(unsafe.Pointer(&p[0])), unix.O_RDONLY|unix.O_CLOEXEC, 0, 0, 0)
	if e != 0 {
		return nil, false
	}
	n := 0
	for {
		if n == len(f.buf) {
			f.buf = append(f.buf, make([]byte, len(f.buf))...)
		}
		r, _, e := unix.Syscall(unix.SYS_READ, fd, uintptr(unsafe.Pointer(&f.buf[n])), uintptr(len(f.buf)-n))
		if e == unix.EINTR {
			continue
		}
		if e != 0 {
			unix.Syscall(unix.SYS_CLOSE, fd, 0, 0)
			return nil, false
		}
		n += int(r)
		if r == 0 || n < len(f.buf) {
			break
		}
	}
	unix.Syscall(unix.SYS_CLOSE, fd, 0, 0)
	return f.buf[:n], true
}

// floorStat is what the listing takes from /proc/<pid>/stat.
type floorStat struct {
	comm                [64]byte
	ncomm               int
	state               byte
	ppid, nthreads      int64
	utime, stime, start int64
	vsize, rss          int64
}

// floorPidfdInfo is the kernel's struct pidfd_info as first published.
type floorPidfdInfo struct {
	mask, cgroupid                                          uint64
	pid, tgid, ppid                                         uint32
	ruid, rgid, euid, egid, suid, sgid, fsuid, fsgid, spare uint32
}

// floorPidfdGetInfo is PIDFD_GET_INFO for a 64-byte struct pidfd_info.
const floorPidfdGetInfo = 0xc040ff0b

// uid returns pid's real uid; ok is false if it vanished.
func (f *floor) uid(pid int) (int, bool) {
	if !f.noPidfd {
		fd, _, e := unix.Syscall(unix.SYS_PIDFD_OPEN, uintptr(pid), 0, 0)
		if e == 0 {
			var info floorPidfdInfo
			_, _, e = unix.Syscall(unix.SYS_IOCTL, fd, floorPidfdGetInfo, uintptr(unsafe.Pointer(&info)))
			unix.Syscall(unix.SYS_CLOSE, fd, 0, 0)
			if e == 0 {
				return int(info.ruid), true
			}
		}
		if e == unix.ESRCH {
			return 0, false
		}
		f.noPidfd = true
	}
	b, ok := f.read(pid, "status")
	if !ok {
		return 0, false
	}
	uid := -1
	if i := bytes.Index(b, []byte("\nUid:\t")); i >= 0 {
		uid = int(atoi(b[i+6:]))
	}
	return uid, true
}

// process appends pid's line to l; ok is false if it vanished.
func (f *floor) process(l line, pid int) (line, bool) {
	b, ok := f.read(pid, "stat")
	if !ok {
		return l, false
	}
	var st floorStat
	// The name is between the first '(' and the last ')': it may hold
	// parentheses and spaces.
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open || end+2 >= len(b) {
		return l, false
	}
	st.ncomm = copy(st.comm[:], b[open+1:end])
	rest := b[end+2:]
	st.state = rest[0]
	for i := 0; i <= 21 && len(rest) > 0; i++ {
		sp := bytes.IndexByte(rest, ' ')
		field := rest
		if sp >= 0 {
			field, rest = rest[:sp], rest[sp+1:]
		} else {
			rest = nil
		}
		switch i { // fields of proc(5), counted from state (3) as 0
		case 1:
			st.ppid = atoi(field)
		case 11:
			st.utime = atoi(field)
		case 12:
			st.stime = atoi(field)
		case 17:
			st.nthreads = atoi(field)
		case 19:
			st.start = atoi(field)
		case 20:
			st.vsize = atoi(field)
		case 21:
			st.rss = atoi(field)
		}
	}
	uid, ok := f.uid(pid)
	if !ok {
		return l, false
	}

	l = l.int(int64(pid)).tab().int(st.ppid).tab()
	comm := st.comm[:st.ncomm]
	b, ok = f.read(pid, "cmdline")
	if !ok {
		return l, false
	}
	b = bytes.TrimSuffix(b, []byte{0})
	sep := byte(0)
	if bytes.IndexByte(b, 0) < 0 && bytes.IndexByte(b, ' ') >= 0 {
		sep = ' ' // a process that rewrote its command line with spaces
	}
	// psutil's name: the kernel keeps 15 bytes; a longer name is the
	// basename of the first argument when that starts with them.
	if len(comm) >= 15 && len(b) > 0 {
		arg0 := b
		if i := bytes.IndexByte(b, sep); i >= 0 {
			arg0 = b[:i]
		}
		if i := bytes.LastIndexByte(arg0, '/'); i >= 0 {
			arg0 = arg0[i+1:]
		}
		if bytes.HasPrefix(arg0, comm) {
			comm = arg0
		}
	}
	l = append(l, comm...)
	l = l.tab()
	if name, ok := f.users[uid]; ok {
		l = l.str(name)
	} else {
		l = l.int(int64(uid))
	}
	l = l.tab().str(floorStatus(st.state)).tab().
		f2(float64(st.utime) / floorTicks).tab().f2(float64(st.stime) / floorTicks).tab().
		uint(uint64(st.rss) * f.pagesize).tab().int(st.vsize).tab().int(st.nthreads).tab().
		f2(f.btime + float64(st.start)/floorTicks).tab()
	for _, c := range b {
		if c == 0 {
			c = ' '
		}
		l = append(l, c)
	}
	return append(l, '\n'), true
}

func floorStatus(c byte) string {
	switch c {
	case 'R':
		return "running"
	case 'S':
		return "sleeping"
	case 'D':
		return "disk-sleep"
	case 'T':
		return "stopped"
	case 't':
		return "tracing-stop"
	case 'Z':
		return "zombie"
	case 'X', 'x':
		return "dead"
	case 'K':
		return "wake-kill"
	case 'W':
		return "waking"
	case 'I':
		return "idle"
	case 'P':
		return "parked"
	}
	return "?"
}

// atoi parses the decimal number at the start of b (a leading '-' too).
func atoi(b []byte) int64 {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		return -n
	}
	return n
}
