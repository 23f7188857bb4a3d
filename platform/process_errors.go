package platform

import (
	"errors"
	"syscall"
)

// This file is psutil's wrap_exceptions: the one place where the OS errors
// of a process backend become psutil's classes. The portable methods pass
// every error of the backend (processBackend) through (*Process).wrap.
//
// The backend answers some failures itself, as psutil does, instead of
// returning them; these are the deliberate exceptions:
//
//   - exe() and cwd(): a link that is missing (ENOENT, ESRCH) while the
//     process is alive reads as "" (kernel threads have none), and a
//     zombie's is ZombieProcess;
//   - cmdline(), memory_maps(): an empty read is a zombie's
//     (ZombieProcess) or a kernel thread's (empty);
//   - memory_footprint(): smaps_rollup missing or failing with ENOENT or
//     ESRCH falls back to smaps;
//   - threads(), open_files(): a thread or a descriptor gone meanwhile is
//     skipped, and NoSuchProcess raised only if the process itself is gone;
//   - rlimit(): ENOSYS on a zombie (prlimit) is ZombieProcess;
//   - num_ctx_switches() on a kernel older than 2.6.23 is not implemented;
//   - process_iter and children(): a process gone meanwhile is left out.

// processErrno returns the errno at the bottom of err's chain, or 0. It
// walks the chain by hand: errors.As would allocate its target.
func processErrno(err error) syscall.Errno {
	for err != nil {
		if e, ok := err.(syscall.Errno); ok {
			return e
		}
		err = errors.Unwrap(err)
	}
	return 0
}

// wrap maps an error met while reading p (a Windows error is first given
// its errno by processOSErrno):
//
//   - EPERM, EACCES: AccessDenied;
//   - ESRCH: ZombieProcess if p is a zombie, else NoSuchProcess;
//   - ENOENT: the same, but when /proc/<pid>/stat is still there the file
//     is missing for another reason (an old kernel, psutil gh-2418) and the
//     error is returned as it is, as psutil re-raises it.
//
// psutil errors pass through; so does anything else.
func (p *Process) wrap(err error) error {
	if err == nil {
		return nil
	}
	switch err.(type) {
	case *NoSuchProcess, *ZombieProcess, *AccessDenied, *TimeoutExpired, *PrefetchedError:
		return err
	}
	switch errno := processOSErrno(processErrno(err)); errno {
	case syscall.EPERM, syscall.EACCES:
		return &AccessDenied{Pid: p.pid, Name: p.cachedName(), Err: errno}
	case syscall.ESRCH, syscall.ENOENT:
		exists, zombie, ppid := p.os.osGone()
		if zombie {
			return p.zombieErr(ppid, errno)
		}
		if errno == syscall.ENOENT && exists {
			return err
		}
		return &NoSuchProcess{Pid: p.pid, Name: p.cachedName(), Err: errno}
	}
	return err
}

func (p *Process) zombieErr(ppid int, errno error) error {
	return &ZombieProcess{NoSuchProcess: NoSuchProcess{Pid: p.pid, Name: p.cachedName(), Err: errno}, Ppid: ppid}
}
