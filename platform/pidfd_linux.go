//go:build linux

package platform

import (
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// /proc/<pid>/status is the only file that gives a process's real uid,
// which username needs, and the kernel formats some 1.4 KB of text to
// print it: a monitor's dearest read. Since Linux 6.13 a pidfd answers
// the same real, effective and saved ids with PIDFD_GET_INFO for a tenth
// of that, mapped into the caller's user namespace as status maps them
// into its reader's. Older kernels, a seccomp filter that refuses the
// calls, another root than the live one, and a /proc mounted with
// hidepid (where status may be denied while a pidfd is not) read status.

// pidfdInfo is the kernel's struct pidfd_info as first published (64
// bytes); later kernels fill only what this size asks for.
type pidfdInfo struct {
	Mask, CgroupID                                          uint64
	Pid, Tgid, Ppid                                         uint32
	Ruid, Rgid, Euid, Egid, Suid, Sgid, Fsuid, Fsgid, spare uint32
}

// pidfdGetInfo is _IOWR(PIDFS_IOCTL_MAGIC, 11, struct pidfd_info): the
// same number on every Linux architecture for a 64-byte argument.
const pidfdGetInfo = 0xc040ff0b

// pidfdInfoCreds is PIDFD_INFO_CREDS: the ids were filled in.
const pidfdInfoCreds = 1 << 1

// pidfdCredsOff is set once pidfd_open or PIDFD_GET_INFO has failed for
// another reason than a process that has gone: the kernel or a filter
// does not allow them, and status is read from then on.
var pidfdCredsOff atomic.Bool

// pidfdCredsAllowed tells whether credentials may come from a pidfd for
// processes of fs.
func pidfdCredsAllowed(fs FS) bool {
	return fs.Live() && !pidfdCredsOff.Load() && !procHidesPids()
}

// pidfdCreds fills info from the pidfd fd. ok is false when the kernel
// cannot answer (it is then not asked again); err is ESRCH once the
// process has been reaped.
func pidfdCreds(fd int, info *pidfdInfo) (ok bool, err error) {
	*info = pidfdInfo{}
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(fd), pidfdGetInfo, uintptr(unsafe.Pointer(info)))
	switch {
	case errno == unix.ESRCH:
		return true, errno
	case errno != 0 || info.Mask&pidfdInfoCreds == 0:
		pidfdCredsOff.Store(true)
		return false, nil
	}
	return true, nil
}

// pidfdOpen opens a pidfd for pid. ok is false when the kernel cannot:
// for this pid (a thread's id: ENOENT, or EINVAL on some kernels), or at
// all (it is then not asked again); err is ESRCH when there is no such
// pid.
func pidfdOpen(pid int) (fd int, ok bool, err error) {
	fd, err = unix.PidfdOpen(pid, 0)
	switch err {
	case nil:
		return fd, true, nil
	case unix.ESRCH:
		return -1, true, err
	case unix.ENOENT, unix.EINVAL:
		return -1, false, nil
	}
	pidfdCredsOff.Store(true)
	return -1, false, nil
}

// procHidesPids tells whether the live /proc is mounted with hidepid
// (other users' processes unreadable or invisible), read once.
var procHidesPids = sync.OnceValue(func() bool {
	b, err := os.ReadFile("/proc/self/mounts")
	if err != nil {
		return true // can't tell: read status, as psutil does
	}
	return mountsHidePids(procfs.ParseMounts(b, nil))
})

// mountsHidePids tells whether the proc mounted last on /proc (the one
// seen there) has a hidepid option other than 0 (off).
func mountsHidePids(mounts []procfs.Mount) bool {
	hides := false
	for _, m := range mounts {
		if m.Mountpoint != "/proc" || m.Fstype != "proc" {
			continue
		}
		hides = false
		for opt := range strings.SplitSeq(m.Opts, ",") {
			if v, ok := strings.CutPrefix(opt, "hidepid="); ok && v != "0" && v != "off" {
				hides = true
			}
		}
	}
	return hides
}
