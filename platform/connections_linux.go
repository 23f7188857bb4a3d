//go:build linux

package platform

import (
	"context"
	"encoding/binary"
	"errors"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"unsafe"

	"github.com/psulua/psulua/platform/internal/inet"
	"github.com/psulua/psulua/platform/internal/procfs"
)

// The socket tables under /proc/net, in connTables bit order.
var connTableFiles = [...]struct {
	name   string
	family AddressFamily
	typ    SocketType // 0 for unix: each line has its own
}{
	{"tcp", AF_INET, SOCK_STREAM},
	{"tcp6", AF_INET6, SOCK_STREAM},
	{"udp", AF_INET, SOCK_DGRAM},
	{"udp6", AF_INET6, SOCK_DGRAM},
	{"unix", AF_UNIX, 0},
}

// connState is the scratch space of one query, pooled so that repeated
// queries reuse their buffers and maps.
type connState struct {
	data      [len(connTableFiles)][]byte
	inet      [4][]procfs.NetIPSocket
	unix      []procfs.NetUnixSocket
	dents     []byte // getdents64 output of an fd directory
	procDents []byte // getdents64 output of /proc
	name      []byte // NUL-terminated "<pid>/fd" for openat
	link      []byte // readlinkat output

	// owners maps the inode of every socket listed in the tables read to
	// the process holding it: psutil's get_all_inodes, restricted to the
	// sockets it will look up.
	owners map[uint64]connOwner
	extra  []connExtraFd
	found  []connFound // the sockets of the process being scanned

	// Sockets without an owner, to drop duplicates as psutil's set does.
	seenInet map[connInetKey]struct{}
	seenUnix map[string]uint64 // path -> bit set of socket types

	pids []int // backing store of Conn.Pid

	nlbuf []byte // netlink replies
}

// connOwner is the process psutil reports for a socket: the last process
// found holding it (get_all_inodes updates a dict pid after pid) and that
// process's first fd for it; for a UNIX socket also the process's other fds,
// chained through extra.
type connOwner struct {
	pid   int32 // 0: no process found
	fd    int32
	first int32 // index+1 in connState.extra of the next fd; 0 if none
	last  int32
}

type connExtraFd struct {
	fd   int32
	next int32 // index+1, 0 ends the chain
}

type connFound struct {
	inode uint64
	fd    int32
}

type connInetKey struct {
	table        uint8
	state        uint8
	lport, rport uint16
	lip, rip     [16]byte
}

var connPool = sync.Pool{New: func() any {
	return &connState{
		dents:     make([]byte, 16<<10),
		procDents: make([]byte, 16<<10),
		name:      make([]byte, 0, 32),
		link:      make([]byte, 64),
		owners:    make(map[uint64]connOwner),
	}
}}

func connGetState() *connState { return connPool.Get().(*connState) }

func connPutState(st *connState) {
	clear(st.owners)
	st.extra = st.extra[:0]
	st.found = st.found[:0]
	clear(st.seenInet)
	clear(st.seenUnix)
	for i := range st.unix {
		st.unix[i].Path = nil // do not pin a larger buffer than needed
	}
	st.pids = nil
	connPool.Put(st)
}

func (linuxSystem) netConnections(ctx context.Context, fsys FS, tables connTables) ([]Conn, error) {
	return connectionsAllVia(ctx, fsys, tables, connUseNetlink(fsys))
}

func connectionsAllVia(ctx context.Context, fsys FS, tables connTables, netlink bool) ([]Conn, error) {
	st := connGetState()
	defer connPutState(st)
	n, err := st.readTables(fsys, tables, netlink, true)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		if err := st.scanAll(ctx, fsys.Proc); err != nil {
			return nil, err
		}
	}
	return st.emit(tables, true, make([]Conn, 0, n)), nil
}

func (linuxSystem) pidConnections(fsys FS, pid int, tables connTables) ([]ProcessConn, error) {
	st := connGetState()
	defer connPutState(st)
	dir := fsys.proc(strconv.Itoa(pid), "fd")
	dirfd, err := connOpenDir(dir)
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: dir, Err: err}
	}
	err = st.scanFds(dirfd, false)
	syscall.Close(dirfd)
	if err != nil {
		var se *connSkipError
		if errors.As(err, &se) {
			path := dir
			if se.name != "" {
				path += "/" + se.name
			}
			err = &os.PathError{Op: se.op, Path: path, Err: se.errno}
		}
		return nil, err
	}
	ret := []ProcessConn{}
	if len(st.found) == 0 {
		// psutil does not read the tables for a process without sockets.
		return ret, nil
	}
	st.commit(int32(pid))
	if _, err := st.readTables(fsys, tables, connUseNetlink(fsys), false); err != nil {
		return nil, err
	}
	conns := st.emit(tables, false, make([]Conn, 0, len(st.found)))
	ret = make([]ProcessConn, len(conns))
	for i, c := range conns {
		ret[i] = ProcessConn{Fd: c.Fd, Family: c.Family, Type: c.Type, Laddr: c.Laddr, Raddr: c.Raddr, Status: c.Status}
	}
	return ret, nil
}

// readTables reads and parses the tables selected and returns the number
// of sockets read. With register (a system-wide query) it enters every
// socket's inode in owners, so the scan of the processes keeps only those.
//
// With netlink, when both TCP tables are wanted they come from one
// sock_diag dump instead (see dumpTCP).
func (st *connState) readTables(fsys FS, tables connTables, netlink, register bool) (int, error) {
	n := 0
	for i := range st.inet {
		st.inet[i] = st.inet[i][:0]
	}
	st.unix = st.unix[:0]
	tcpDone := false
	if netlink && tables&(connTCP4|connTCP6) == connTCP4|connTCP6 {
		tcpDone = st.dumpTCP() == nil
	}
	for i, t := range connTableFiles {
		if tables&(1<<i) == 0 {
			continue
		}
		if t.family == AF_UNIX {
			b, err := procfs.ReadFileInto(fsys.proc("net", t.name), st.data[i])
			if err != nil {
				return 0, err
			}
			st.data[i] = b
			if st.unix, err = procfs.ParseNetUnix(b, st.unix); err != nil {
				return 0, err
			}
			n += len(st.unix)
			if register {
				for j := range st.unix {
					st.owners[st.unix[j].Inode] = connOwner{}
				}
			}
			continue
		}
		if !tcpDone || t.typ != SOCK_STREAM {
			b, err := procfs.ReadFileInto(fsys.proc("net", t.name), st.data[i])
			if err != nil {
				if t.family == AF_INET6 && errors.Is(err, syscall.ENOENT) {
					continue // a kernel without IPv6, as psutil's process_inet
				}
				return 0, err
			}
			st.data[i] = b
			if st.inet[i], err = procfs.ParseNetIP(b, st.inet[i]); err != nil {
				return 0, err
			}
		}
		n += len(st.inet[i])
		if register {
			for j := range st.inet[i] {
				if ino := st.inet[i][j].Inode; ino != 0 {
					st.owners[ino] = connOwner{}
				}
			}
		}
	}
	return n, nil
}

// connUseNetlink reports whether fsys reads the running kernel's own /proc,
// where the sockets of /proc/net/tcp and tcp6 can also be asked over
// netlink, and the kernel has not refused that yet.
func connUseNetlink(fsys FS) bool { return fsys.Live() && !connNetlinkOff.Load() }

// connNetlinkOff is set once the kernel refuses the sock_diag dump (no
// CONFIG_INET_DIAG, or a sandbox forbidding it): the files serve from then.
var connNetlinkOff atomic.Bool

// dumpTCP fills st.inet[0] and st.inet[1] (tcp and tcp6) from one
// NETLINK_SOCK_DIAG dump. Reading /proc/net/tcp and then tcp6 makes the
// kernel walk the whole TCP established hash (sized by RAM, about a
// millisecond here) once per file; the legacy TCPDIAG_GETSOCK request dumps
// both families in one walk (net/ipv4/inet_diag.c inet_diag_dump_compat,
// which asks for AF_UNSPEC). It lists the same sockets as the files: every
// state, request sockets as SYN_RECV, TIME_WAIT with inode 0. On any
// failure the caller reads the files instead.
func (st *connState) dumpTCP() error {
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW|syscall.SOCK_CLOEXEC, connNetlinkSockDiag)
	if err != nil {
		return connNetlinkFailed(err)
	}
	defer syscall.Close(fd)
	// nlmsghdr, then struct inet_diag_req: family, src_len, dst_len, ext,
	// inet_diag_sockid (48 bytes), states, dbs.
	var req [16 + 60]byte
	binary.NativeEndian.PutUint32(req[0:], uint32(len(req)))
	binary.NativeEndian.PutUint16(req[4:], connTCPDiagGetSock)
	binary.NativeEndian.PutUint16(req[6:], syscall.NLM_F_REQUEST|syscall.NLM_F_DUMP)
	binary.NativeEndian.PutUint32(req[8:], 1)
	// Every state but TCP_BOUND_INACTIVE (13), which /proc/net/tcp lacks.
	binary.NativeEndian.PutUint32(req[16+52:], 0xffffffff&^(1<<13))
	// With no address, a netlink socket sends to the kernel.
	if _, err := syscall.Write(fd, req[:]); err != nil {
		return connNetlinkFailed(err)
	}
	if cap(st.nlbuf) == 0 {
		// Larger than any dump message the kernel builds (32 KiB at most),
		// so nothing is ever truncated.
		st.nlbuf = make([]byte, 64<<10)
	}
	buf := st.nlbuf[:cap(st.nlbuf)]
	for {
		n, err := syscall.Read(fd, buf)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		done, err := st.parseDiag(buf[:n])
		if err != nil || done {
			return err
		}
	}
}

// connNetlinkFailed turns netlink off for good when the kernel or a sandbox
// refuses it, not on a passing shortage (EMFILE, ENOBUFS).
func connNetlinkFailed(err error) error {
	switch err {
	case syscall.EPERM, syscall.EACCES, syscall.EOPNOTSUPP, syscall.EINVAL,
		syscall.EPROTONOSUPPORT, syscall.EAFNOSUPPORT, syscall.ENOENT:
		connNetlinkOff.Store(true)
	}
	return err
}

const (
	connNetlinkSockDiag = 4  // NETLINK_SOCK_DIAG, once NETLINK_INET_DIAG
	connTCPDiagGetSock  = 18 // TCPDIAG_GETSOCK
	connDiagMsgLen      = 72 // sizeof(struct inet_diag_msg)
)

var errConnNetlink = errors.New("sock_diag: malformed reply")

// parseDiag appends the sockets of one batch of netlink messages, each a
// struct inet_diag_msg: family, state, timer, retrans, then
// inet_diag_sockid (sport, dport big-endian; src, dst as 16 network-order
// bytes; if; cookie), expires, rqueue, wqueue, uid, inode.
func (st *connState) parseDiag(b []byte) (done bool, err error) {
	for len(b) >= syscall.NLMSG_HDRLEN {
		l := int(binary.NativeEndian.Uint32(b[0:]))
		typ := binary.NativeEndian.Uint16(b[4:])
		if l < syscall.NLMSG_HDRLEN || l > len(b) {
			return false, errConnNetlink
		}
		msg := b[syscall.NLMSG_HDRLEN:l]
		switch typ {
		case syscall.NLMSG_DONE:
			return true, nil
		case syscall.NLMSG_ERROR:
			if len(msg) >= 4 {
				if e := -int32(binary.NativeEndian.Uint32(msg)); e > 0 {
					return false, connNetlinkFailed(syscall.Errno(e))
				}
			}
			return false, errConnNetlink
		}
		if len(msg) < connDiagMsgLen {
			return false, errConnNetlink
		}
		var s procfs.NetIPSocket
		table := 0
		switch msg[0] {
		case syscall.AF_INET:
			copy(s.LocalIP[:4], msg[8:12])
			copy(s.RemoteIP[:4], msg[24:28])
		case syscall.AF_INET6:
			table, s.IPv6 = 1, true
			copy(s.LocalIP[:], msg[8:24])
			copy(s.RemoteIP[:], msg[24:40])
		default:
			return false, errConnNetlink
		}
		s.State = msg[1]
		s.LocalPort = binary.BigEndian.Uint16(msg[4:])
		s.RemotePort = binary.BigEndian.Uint16(msg[6:])
		s.UID = binary.NativeEndian.Uint32(msg[64:])
		s.Inode = uint64(binary.NativeEndian.Uint32(msg[68:]))
		st.inet[table] = append(st.inet[table], s)
		b = b[min((l+syscall.NLMSG_ALIGNTO-1)&^(syscall.NLMSG_ALIGNTO-1), len(b)):]
	}
	return false, nil
}

// scanAll finds the owners of the sockets in st.owners by reading the fd
// links of every process, in /proc's order, as psutil's get_all_inodes,
// until ctx is done.
func (st *connState) scanAll(ctx context.Context, proc string) error {
	procfd, err := connOpenDir(proc)
	if err != nil {
		return &os.PathError{Op: "open", Path: proc, Err: err}
	}
	defer syscall.Close(procfd)
	err = procfs.Dirents(procfd, st.procDents, func(name []byte, _ uint64) error {
		pid, ok := connParsePid(name)
		if !ok {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		st.name = append(append(st.name[:0], name...), "/fd\x00"...)
		dirfd, err := connOpenat(procfd, st.name)
		if err != nil {
			if connSkippable(err) {
				return nil // gone, or another user's: pid None as psutil
			}
			return &os.PathError{Op: "open", Path: proc + "/" + string(name) + "/fd", Err: err}
		}
		err = st.scanFds(dirfd, true)
		syscall.Close(dirfd)
		if err != nil {
			var se *connSkipError
			if errors.As(err, &se) {
				if connSkippable(se.errno) {
					return nil // psutil drops the whole process then
				}
				return &os.PathError{Op: se.op, Path: proc + "/" + string(name) + "/fd/" + se.name, Err: se.errno}
			}
			return err
		}
		st.commit(int32(pid))
		return nil
	})
	if errno, ok := err.(syscall.Errno); ok {
		return &os.PathError{Op: "getdents", Path: proc, Err: errno}
	}
	return err
}

// connSkippable is what get_all_inodes ignores: FileNotFoundError,
// ProcessLookupError, PermissionError.
func connSkippable(err error) bool {
	return err == syscall.ENOENT || err == syscall.ESRCH || err == syscall.EACCES || err == syscall.EPERM
}

// connSkipError carries the errno of a failed read in one fd directory,
// which the caller turns into an error naming the path, or ignores.
type connSkipError struct {
	op    string
	name  string
	errno syscall.Errno
}

func (e *connSkipError) Error() string { return e.op + " " + e.name + ": " + e.errno.Error() }

func connErrno(err error) syscall.Errno {
	if e, ok := err.(syscall.Errno); ok {
		return e
	}
	return syscall.EIO
}

// scanFds lists the socket fds of one process (psutil's get_proc_inodes)
// into st.found. With known, only the sockets already in st.owners are kept.
func (st *connState) scanFds(dirfd int, known bool) error {
	st.found = st.found[:0]
	err := procfs.Dirents(dirfd, st.dents, func(name []byte, _ uint64) error {
		fd, ok := connParsePid(name)
		if !ok {
			return nil
		}
		// The name is NUL-terminated inside the dirent: pass it as is.
		l, err := connReadlinkat(dirfd, &name[0], st.link)
		if err != nil {
			switch err {
			case syscall.ENOENT, syscall.ESRCH, syscall.EINVAL, syscall.ENAMETOOLONG:
				return nil // closed meanwhile, or not a link: psutil skips it
			}
			return &connSkipError{op: "readlink", name: string(name), errno: connErrno(err)}
		}
		inode, ok := connSocketInode(st.link[:l])
		if !ok {
			return nil
		}
		if known {
			if _, ok := st.owners[inode]; !ok {
				return nil
			}
		}
		st.found = append(st.found, connFound{inode: inode, fd: int32(fd)})
		return nil
	})
	if errno, ok := err.(syscall.Errno); ok {
		return &connSkipError{op: "getdents", errno: errno}
	}
	return err
}

// commit records pid as the owner of the sockets in st.found, replacing
// any earlier process as psutil's dict.update does.
func (st *connState) commit(pid int32) {
	for _, f := range st.found {
		o := st.owners[f.inode]
		if o.pid != pid {
			st.owners[f.inode] = connOwner{pid: pid, fd: f.fd}
			continue
		}
		st.extra = append(st.extra, connExtraFd{fd: f.fd})
		idx := int32(len(st.extra))
		if o.last == 0 {
			o.first = idx
		} else {
			st.extra[o.last-1].next = idx
		}
		o.last = idx
		st.owners[f.inode] = o
	}
}

// emit builds the connections of the tables read, in table order. With
// system, sockets without an owner are listed (once per distinct tuple) and
// Pid is set; otherwise only owned sockets are.
func (st *connState) emit(tables connTables, system bool, out []Conn) []Conn {
	for i, t := range connTableFiles {
		if tables&(1<<i) == 0 {
			continue
		}
		if t.family == AF_UNIX {
			out = st.emitUnix(system, out)
			continue
		}
		for j := range st.inet[i] {
			r := &st.inet[i][j]
			o, owned := connOwner{}, false
			if r.Inode != 0 {
				o = st.owners[r.Inode]
				owned = o.pid != 0
			}
			if !owned && (!system || st.seenInetOnce(uint8(i), r)) {
				continue
			}
			c := Conn{
				Fd:     -1,
				Family: t.family,
				Type:   t.typ,
				Laddr:  connInetAddr(&r.LocalIP, r.LocalPort, r.IPv6),
				Raddr:  connInetAddr(&r.RemoteIP, r.RemotePort, r.IPv6),
				Status: connStatus(t.typ, r.State),
			}
			if owned {
				// psutil's inodes[inode][0]: the first fd of the owner.
				c.Fd = int(o.fd)
				if system {
					c.Pid = st.pidPtr(int(o.pid))
				}
			}
			out = append(out, c)
		}
	}
	return out
}

func (st *connState) emitUnix(system bool, out []Conn) []Conn {
	for j := range st.unix {
		r := &st.unix[j]
		o := st.owners[r.Inode]
		if o.pid == 0 && (!system || st.seenUnixOnce(r)) {
			continue
		}
		c := Conn{
			Fd:     -1,
			Family: AF_UNIX,
			Type:   SocketType(r.Type),
			Laddr:  ConnAddr{Path: string(r.Path)},
			Status: CONN_NONE,
		}
		if o.pid == 0 {
			out = append(out, c)
			continue
		}
		// A UNIX socket is listed once per fd of its owner.
		var pid *int
		if system {
			pid = st.pidPtr(int(o.pid))
		}
		c.Fd, c.Pid = int(o.fd), pid
		out = append(out, c)
		for k := o.first; k != 0; k = st.extra[k-1].next {
			c.Fd = int(st.extra[k-1].fd)
			out = append(out, c)
		}
	}
	return out
}

// seenInetOnce reports whether an ownerless inet socket equal to r (as
// psutil's tuple: the address is dropped when the port is 0) was already
// listed, and notes r.
func (st *connState) seenInetOnce(table uint8, r *procfs.NetIPSocket) bool {
	k := connInetKey{table: table, state: r.State, lport: r.LocalPort, rport: r.RemotePort}
	if r.LocalPort != 0 {
		k.lip = r.LocalIP
	}
	if r.RemotePort != 0 {
		k.rip = r.RemoteIP
	}
	if table == 2 || table == 3 {
		k.state = 0 // UDP: status is always NONE
	}
	if st.seenInet == nil {
		st.seenInet = make(map[connInetKey]struct{})
	}
	if _, ok := st.seenInet[k]; ok {
		return true
	}
	st.seenInet[k] = struct{}{}
	return false
}

func (st *connState) seenUnixOnce(r *procfs.NetUnixSocket) bool {
	if r.Type >= 64 {
		return false
	}
	if st.seenUnix == nil {
		st.seenUnix = make(map[string]uint64)
	}
	bits, ok := st.seenUnix[string(r.Path)]
	if bits&(1<<r.Type) != 0 {
		return true
	}
	if !ok {
		st.seenUnix[string(r.Path)] = 1 << r.Type
	} else {
		st.seenUnix[string(r.Path)] = bits | 1<<r.Type
	}
	return false
}

// pidPtr returns a pointer to pid, allocated from a slab shared by the
// connections of one query.
func (st *connState) pidPtr(pid int) *int {
	if len(st.pids) == cap(st.pids) {
		st.pids = make([]int, 0, 128)
	}
	st.pids = append(st.pids, pid)
	return &st.pids[len(st.pids)-1]
}

// connSocketInode reads N from the link text "socket:[N]".
func connSocketInode(link []byte) (uint64, bool) {
	const prefix = "socket:["
	if len(link) <= len(prefix)+1 || string(link[:len(prefix)]) != prefix || link[len(link)-1] != ']' {
		return 0, false
	}
	return procfs.ParseUint(link[len(prefix) : len(link)-1])
}

// connParsePid parses a decimal directory name; false for anything else.
func connParsePid(name []byte) (int, bool) {
	if len(name) == 0 || len(name) > 10 {
		return 0, false
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// The system calls below take their path as a NUL-terminated byte slice,
// so reading thousands of links allocates nothing: the syscall package's
// wrappers copy every path into a new C string.

func connOpenDir(path string) (int, error) {
	for {
		fd, err := syscall.Open(path, syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func connOpenat(dirfd int, name []byte) (int, error) {
	for {
		r, _, e := syscall.Syscall6(syscall.SYS_OPENAT, uintptr(dirfd), uintptr(unsafe.Pointer(&name[0])),
			syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0, 0, 0)
		if e == 0 {
			return int(r), nil
		}
		if e != syscall.EINTR {
			return -1, e
		}
	}
}

func connReadlinkat(dirfd int, name *byte, buf []byte) (int, error) {
	for {
		r, _, e := syscall.Syscall6(syscall.SYS_READLINKAT, uintptr(dirfd), uintptr(unsafe.Pointer(name)),
			uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)), 0, 0)
		if e == 0 {
			return int(r), nil
		}
		if e != syscall.EINTR {
			return 0, e
		}
	}
}

// connStatuses maps the kernel's TCP states (include/net/tcp_states.h) to
// psutil's TCP_STATUSES.
var connStatuses = [...]string{
	1:  CONN_ESTABLISHED,
	2:  CONN_SYN_SENT,
	3:  CONN_SYN_RECV,
	4:  CONN_FIN_WAIT1,
	5:  CONN_FIN_WAIT2,
	6:  CONN_TIME_WAIT,
	7:  CONN_CLOSE,
	8:  CONN_CLOSE_WAIT,
	9:  CONN_LAST_ACK,
	10: CONN_LISTEN,
	11: CONN_CLOSING,
}

// connStatus is the status psutil gives a socket of the given type in the
// given kernel state. psutil would fail on a TCP state it does not know; we
// answer CONN_NONE, as its BSD backends do.
func connStatus(typ SocketType, state uint8) string {
	if typ == SOCK_STREAM && int(state) < len(connStatuses) && connStatuses[state] != "" {
		return connStatuses[state]
	}
	return CONN_NONE
}

// connInetAddr is psutil's decode_address: no address when the port is 0.
func connInetAddr(ip *[16]byte, port uint16, v6 bool) ConnAddr {
	if port == 0 {
		return ConnAddr{}
	}
	if v6 {
		return ConnAddr{IP: connFormatIPv6(ip), Port: int(port)}
	}
	return ConnAddr{IP: connFormatIPv4(ip[:4]), Port: int(port)}
}

// connFormatIPv4 is inet_ntop(AF_INET), without allocating for the two
// addresses most sockets have.
func connFormatIPv4(ip []byte) string {
	switch {
	case ip[0] == 127 && ip[1] == 0 && ip[2] == 0 && ip[3] == 1:
		return "127.0.0.1"
	case ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] == 0:
		return "0.0.0.0"
	}
	var b [15]byte
	return string(inet.AppendIPv4(b[:0], [4]byte(ip)))
}

// connFormatIPv6 is glibc's inet_ntop(AF_INET6), which psutil calls,
// without allocating for :: and ::1.
func connFormatIPv6(ip *[16]byte) string {
	switch *ip {
	case [16]byte{}:
		return "::"
	case [16]byte{15: 1}:
		return "::1"
	}
	var b [46]byte
	return string(inet.AppendIPv6(b[:0], *ip))
}
