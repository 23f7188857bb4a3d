package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"sync"
	"syscall"
)

// load is what the driver adds to the machine for the loaded runs: idle
// processes (sleep 3600, in their own process group) and loopback TCP
// connections held open by the driver itself.
type load struct {
	pids  []int
	ln    net.Listener
	conns []net.Conn
	pairs map[[2]string]bool // the connections' (laddr, raddr), both ends
	once  sync.Once
}

// startLoad starts procs idle processes and opens about sockets sockets.
// On error, the caller still stops what was started.
func startLoad(procs, sockets int) (*load, error) {
	l := &load{pairs: map[[2]string]bool{}}
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		return l, err
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		return l, err
	}
	defer null.Close()
	fd := null.Fd()
	// ForkExec rather than exec.Cmd: no pidfd per child, so the driver
	// does not hold 1000 extra descriptors, and the children are stopped by
	// pid. Pdeathsig kills them should the driver die without cleaning up.
	pgid := 0
	for i := 0; i < procs; i++ {
		pid, err := syscall.ForkExec(sleep, []string{"sleep", "3600"}, &syscall.ProcAttr{
			Env:   []string{},
			Files: []uintptr{fd, fd, fd},
			Sys:   &syscall.SysProcAttr{Setpgid: true, Pgid: pgid, Pdeathsig: syscall.SIGKILL},
		})
		if err != nil {
			return l, fmt.Errorf("starting idle process %d: %v", i+1, err)
		}
		if pgid == 0 {
			pgid = pid
		}
		l.pids = append(l.pids, pid)
	}

	if sockets < 2 {
		return l, nil
	}
	if l.ln, err = net.Listen("tcp4", "127.0.0.1:0"); err != nil {
		return l, err
	}
	accepted := make(chan net.Conn)
	go func() {
		for {
			c, err := l.ln.Accept()
			if err != nil {
				close(accepted)
				return
			}
			accepted <- c
		}
	}()
	for i := 0; i < sockets/2; i++ {
		c, err := net.Dial("tcp4", l.ln.Addr().String())
		if err != nil {
			return l, fmt.Errorf("opening socket pair %d: %v", i+1, err)
		}
		l.conns = append(l.conns, c)
		s, ok := <-accepted
		if !ok {
			return l, fmt.Errorf("accepting socket pair %d", i+1)
		}
		l.conns = append(l.conns, s)
	}
	for _, c := range l.conns {
		l.pairs[[2]string{c.LocalAddr().String(), c.RemoteAddr().String()}] = true
	}
	return l, nil
}

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
