package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// load is what the driver adds to the machine for the loaded runs: idle
// processes (sleep 3600, in one process group of their own) and loopback
// TCP connections whose two ends the driver itself holds open.
type load struct {
	pids  []int
	pgid  int
	ln    net.Listener
	acc   chan net.Conn
	conns []net.Conn
	pairs map[[2]string]bool // the connections' (laddr, raddr), both ends
	once  sync.Once
}

// startLimit bounds the time starting the idle processes may take: a
// machine that needs longer is too busy to measure.
const startLimit = 3 * time.Minute

func newLoad() *load { return &load{pairs: map[[2]string]bool{}} }

// grow brings the load up to procs idle processes and conns connections
// (it only adds). On error, the caller still stops what was started.
func (l *load) grow(procs, conns int) error {
	if n := procs - len(l.pids); n > 0 {
		if err := l.addProcs(n); err != nil {
			return err
		}
	}
	if n := conns - len(l.conns)/2; n > 0 {
		if err := l.addConns(n); err != nil {
			return err
		}
	}
	return nil
}

func (l *load) addProcs(n int) error {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		return err
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		return err
	}
	defer null.Close()
	fd := null.Fd()
	deadline := time.Now().Add(startLimit)
	// ForkExec rather than exec.Cmd: no pidfd per child, so the driver
	// does not hold thousands of extra descriptors, and the children are
	// stopped by pid. Pdeathsig kills them should the driver die without
	// cleaning up.
	for i := 0; i < n; i++ {
		pid, err := syscall.ForkExec(sleep, []string{"sleep", "3600"}, &syscall.ProcAttr{
			Env:   []string{},
			Files: []uintptr{fd, fd, fd},
			Sys:   &syscall.SysProcAttr{Setpgid: true, Pgid: l.pgid, Pdeathsig: syscall.SIGKILL},
		})
		if err != nil {
			return fmt.Errorf("starting idle process %d: %v", len(l.pids)+1, err)
		}
		if l.pgid == 0 {
			l.pgid = pid
		}
		l.pids = append(l.pids, pid)
		if i%256 == 255 && time.Now().After(deadline) {
			return fmt.Errorf("starting %d idle processes took over %v: the machine is too busy", n, startLimit)
		}
	}
	return nil
}

// Go turns TCP keep-alive on (every 15 s) by default. Thousands of
// connections opened in a burst send their probes in bursts too, which
// can overflow the loopback device's backlog on a busy machine: after 9
// unanswered probes the kernel resets the connection. Idle connections
// need no probes.
var (
	noKeepAlive       = net.ListenConfig{KeepAlive: -1}
	noKeepAliveDialer = net.Dialer{KeepAlive: -1}
)

func (l *load) addConns(n int) error {
	if l.ln == nil {
		var err error
		if l.ln, err = noKeepAlive.Listen(context.Background(), "tcp4", "127.0.0.1:0"); err != nil {
			return err
		}
		l.acc = make(chan net.Conn)
		go func(ln net.Listener, acc chan<- net.Conn) {
			for {
				c, err := ln.Accept()
				if err != nil {
					close(acc)
					return
				}
				acc <- c
			}
		}(l.ln, l.acc)
	}
	for i := 0; i < n; i++ {
		c, err := noKeepAliveDialer.Dial("tcp4", l.ln.Addr().String())
		if err != nil {
			return fmt.Errorf("opening connection %d: %v", len(l.conns)/2+1, err)
		}
		l.conns = append(l.conns, c)
		s, ok := <-l.acc
		if !ok {
			return fmt.Errorf("accepting connection %d", len(l.conns)/2+1)
		}
		l.conns = append(l.conns, s)
		for _, c := range []net.Conn{c, s} {
			l.pairs[[2]string{c.LocalAddr().String(), c.RemoteAddr().String()}] = true
		}
	}
	return nil
}

// repair replaces the connections of which either end is no longer
// established (reset by the kernel or a peer while the bench ran: it has
// been seen on a shared machine), so that every run sees them all. It
// returns how many it replaced.
func (l *load) repair() (int, error) {
	var lost []int
	for i := 0; i+1 < len(l.conns); i += 2 {
		if !established(l.conns[i]) || !established(l.conns[i+1]) {
			lost = append(lost, i)
		}
	}
	for _, i := range lost {
		for _, c := range l.conns[i : i+2] {
			delete(l.pairs, [2]string{c.LocalAddr().String(), c.RemoteAddr().String()})
			c.Close()
		}
	}
	// The survivors keep their order; the replacements go at the end.
	kept := l.conns[:0]
	for i := 0; i+1 < len(l.conns); i += 2 {
		if len(lost) > 0 && lost[0] == i {
			lost = lost[1:]
			continue
		}
		kept = append(kept, l.conns[i], l.conns[i+1])
	}
	n := (len(l.conns) - len(kept)) / 2
	l.conns = kept
	return n, l.addConns(n)
}

// established reports whether c's socket is in state ESTABLISHED.
func established(c net.Conn) bool {
	tc, ok := c.(*net.TCPConn)
	if !ok {
		return false
	}
	rc, err := tc.SyscallConn()
	if err != nil {
		return false
	}
	var info *unix.TCPInfo
	rc.Control(func(fd uintptr) {
		info, err = unix.GetsockoptTCPInfo(int(fd), unix.IPPROTO_TCP, unix.TCP_INFO)
	})
	return err == nil && info != nil && info.State == tcpEstablished
}

// tcpEstablished is TCP_ESTABLISHED of the kernel's tcp_states.h.
const tcpEstablished = 1

// listenAddr is the listening socket's address, "" if none.
func (l *load) listenAddr() string {
	if l == nil || l.ln == nil {
		return ""
	}
	return l.ln.Addr().String()
}

// stop kills the idle processes by pid, reaps them, and closes the
// sockets. It may be called more than once.
func (l *load) stop() {
	l.once.Do(func() {
		for _, pid := range l.pids {
			syscall.Kill(pid, syscall.SIGKILL)
		}
		for _, pid := range l.pids {
			var ws syscall.WaitStatus
			for {
				_, err := syscall.Wait4(pid, &ws, 0, nil)
				if err != syscall.EINTR {
					break
				}
			}
		}
		for _, c := range l.conns {
			// An abortive close (RST): no TIME_WAIT sockets left behind
			// for the runs that follow.
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetLinger(0)
			}
			c.Close()
		}
		if l.ln != nil {
			l.ln.Close()
		}
	})
}

// Room kept free for the rest of the machine when the bench starts its
// idle processes: tasks, and memory per idle process (its page tables,
// kernel stack and private pages, generously).
const (
	taskMargin    = 512
	memPerProcess = 512 << 10
)

// checkRoom tells, before anything starts, whether procs more processes
// and conns more connections fit in this machine's limits: pid_max,
// threads-max, RLIMIT_NPROC (which root is exempt from), the cgroup's
// pids.max, available memory, and RLIMIT_NOFILE for the sockets.
func checkRoom(procs, conns int) error {
	if procs > 0 {
		tasks, err := taskCount()
		if err != nil {
			return err
		}
		need := procs + taskMargin
		limit := func(what string, max, used int) error {
			if max >= 0 && used+need > max {
				return fmt.Errorf("%d idle processes do not fit: %s is %d, %d in use, %d kept free (lower -scale-procs or -procs)",
					procs, what, max, used, taskMargin)
			}
			return nil
		}
		if err := limit("kernel.pid_max", readInt("/proc/sys/kernel/pid_max"), tasks); err != nil {
			return err
		}
		if err := limit("kernel.threads-max", readInt("/proc/sys/kernel/threads-max"), tasks); err != nil {
			return err
		}
		if os.Geteuid() != 0 {
			var rl syscall.Rlimit
			if err := syscall.Getrlimit(rlimitNproc, &rl); err == nil && rl.Cur < 1<<31 {
				if err := limit("RLIMIT_NPROC", int(rl.Cur), userTasks(os.Getuid())); err != nil {
					return err
				}
			}
		}
		if dir := pidsCgroup(); dir != "" {
			if err := limit("the cgroup's pids.max ("+dir+")", readInt(filepath.Join(dir, "pids.max")), readInt(filepath.Join(dir, "pids.current"))); err != nil {
				return err
			}
		}
		if avail := memAvailable(); avail >= 0 && int64(procs)*memPerProcess > avail {
			return fmt.Errorf("%d idle processes may need %d MiB, and %d MiB are available (lower -scale-procs or -procs)",
				procs, int64(procs)*memPerProcess>>20, avail>>20)
		}
	}
	if conns > 0 {
		var rl syscall.Rlimit
		if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err == nil && rl.Cur < uint64(2*conns+256) {
			return fmt.Errorf("%d connections need %d descriptors and RLIMIT_NOFILE is %d (lower -scale-conns or -conns)", conns, 2*conns+256, rl.Cur)
		}
	}
	return nil
}

// rlimitNproc is RLIMIT_NPROC, which package syscall does not name.
const rlimitNproc = 6

// readInt reads a number from a one-line file; -1 if there is none
// ("max", missing).
func readInt(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return -1
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return -1
	}
	return n
}

// taskCount is the number of tasks (threads) on the machine: the second
// half of /proc/loadavg's fourth field.
func taskCount() (int, error) {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0, err
	}
	f := strings.Fields(string(b))
	if len(f) < 4 {
		return 0, fmt.Errorf("/proc/loadavg: %q", b)
	}
	_, total, _ := strings.Cut(f[3], "/")
	return strconv.Atoi(total)
}

// userTasks counts the tasks of uid (RLIMIT_NPROC counts threads).
func userTasks(uid int) int {
	snap, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range snap {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/status")
		if err != nil {
			continue
		}
		if statusField(b, "Uid:") == uid {
			n += max(statusField(b, "Threads:"), 1)
		}
	}
	return n
}

// statusField is the first number after "\n<key>" in a status file.
func statusField(b []byte, key string) int {
	i := bytes.Index(b, []byte("\n"+key))
	if i < 0 {
		return -1
	}
	f := strings.Fields(string(b[i+1+len(key):]))
	if len(f) == 0 {
		return -1
	}
	n, _ := strconv.Atoi(f[0])
	return n
}

// pidsCgroup is the directory of the driver's pids cgroup (v1 or v2),
// "" if there is none to read.
func pidsCgroup() string {
	b, err := os.ReadFile("/proc/self/cgroup")
	if err != nil {
		return ""
	}
	for _, ln := range strings.Split(string(b), "\n") {
		f := strings.SplitN(ln, ":", 3)
		if len(f) != 3 {
			continue
		}
		var dir string
		switch {
		case f[1] == "pids":
			dir = filepath.Join("/sys/fs/cgroup/pids", f[2])
		case f[0] == "0" && f[1] == "":
			dir = filepath.Join("/sys/fs/cgroup", f[2])
		default:
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "pids.max")); err == nil {
			return dir
		}
	}
	return ""
}

// memAvailable is MemAvailable in bytes, -1 if unknown.
func memAvailable() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return -1
	}
	if kb := statusField(append([]byte{'\n'}, b...), "MemAvailable:"); kb >= 0 {
		return int64(kb) << 10
	}
	return -1
}
