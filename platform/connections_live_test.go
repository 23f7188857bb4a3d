//go:build linux

package platform

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// liveSockets opens, in this process, one socket of every sort psutil
// reports, all on loopback or in a temporary directory, and returns the
// connections psutil must list for them.
func liveSockets(t testing.TB) []Conn {
	t.Helper()
	pid := os.Getpid()
	fdOf := func(c syscall.Conn) int {
		rc, err := c.SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		fd := -1
		if err := rc.Control(func(f uintptr) { fd = int(f) }); err != nil {
			t.Fatal(err)
		}
		return fd
	}
	closeLater := func(c interface{ Close() error }) { t.Cleanup(func() { c.Close() }) }
	var want []Conn
	add := func(c syscall.Conn, family AddressFamily, typ SocketType, laddr, raddr ConnAddr, status string) {
		want = append(want, Conn{Fd: fdOf(c), Family: family, Type: typ, Laddr: laddr, Raddr: raddr, Status: status, Pid: &pid})
	}
	inet := func(a net.Addr) ConnAddr {
		switch a := a.(type) {
		case *net.TCPAddr:
			return ConnAddr{IP: a.IP.String(), Port: a.Port}
		case *net.UDPAddr:
			return ConnAddr{IP: a.IP.String(), Port: a.Port}
		}
		t.Fatalf("address %v", a)
		return ConnAddr{}
	}

	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closeLater(ln)
	add(ln.(*net.TCPListener), AF_INET, SOCK_STREAM, inet(ln.Addr()), ConnAddr{}, CONN_LISTEN)
	client, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	closeLater(client)
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	closeLater(server)
	add(client.(*net.TCPConn), AF_INET, SOCK_STREAM, inet(client.LocalAddr()), inet(client.RemoteAddr()), CONN_ESTABLISHED)
	add(server.(*net.TCPConn), AF_INET, SOCK_STREAM, inet(server.LocalAddr()), inet(server.RemoteAddr()), CONN_ESTABLISHED)

	udp, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closeLater(udp)
	add(udp.(*net.UDPConn), AF_INET, SOCK_DGRAM, inet(udp.LocalAddr()), ConnAddr{}, CONN_NONE)
	udpc, err := net.DialUDP("udp4", nil, udp.LocalAddr().(*net.UDPAddr))
	if err != nil {
		t.Fatal(err)
	}
	closeLater(udpc)
	add(udpc, AF_INET, SOCK_DGRAM, inet(udpc.LocalAddr()), inet(udpc.RemoteAddr()), CONN_NONE)
	udp6, err := net.ListenPacket("udp6", "[::1]:0")
	if err != nil {
		t.Fatalf("IPv6 loopback UDP socket: %v", err)
	}
	closeLater(udp6)
	add(udp6.(*net.UDPConn), AF_INET6, SOCK_DGRAM, inet(udp6.LocalAddr()), ConnAddr{}, CONN_NONE)

	ln6, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Fatalf("IPv6 loopback listener: %v", err)
	}
	closeLater(ln6)
	add(ln6.(*net.TCPListener), AF_INET6, SOCK_STREAM, inet(ln6.Addr()), ConnAddr{}, CONN_LISTEN)

	path := filepath.Join(t.TempDir(), "psulua.sock")
	lnu, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	closeLater(lnu)
	add(lnu.(*net.UnixListener), AF_UNIX, SOCK_STREAM, ConnAddr{Path: path}, ConnAddr{}, CONN_NONE)
	return want
}

// connKindFilter is what kind selects among want.
func connKindFilter(want []Conn, kind string) []Conn {
	tables, _ := connCheckKind(kind)
	var out []Conn
	for _, c := range want {
		var tb connTables
		switch {
		case c.Family == AF_UNIX:
			tb = connUNIX
		case c.Family == AF_INET && c.Type == SOCK_STREAM:
			tb = connTCP4
		case c.Family == AF_INET6 && c.Type == SOCK_STREAM:
			tb = connTCP6
		case c.Family == AF_INET:
			tb = connUDP4
		default:
			tb = connUDP6
		}
		if tables&tb != 0 {
			out = append(out, c)
		}
	}
	return out
}

// TestNetConnectionsLiveOwnSockets: the sockets this process opened are
// listed, exactly, with their fds and our pid, for every kind, by
// NetConnections and by the per-process backend.
func TestNetConnectionsLiveOwnSockets(t *testing.T) {
	want := liveSockets(t)
	pid := os.Getpid()
	for _, kind := range ConnKinds() {
		t.Run(kind, func(t *testing.T) {
			all, err := Default.NetConnections(kind)
			if err != nil {
				t.Fatal(err)
			}
			var mine []Conn
			for _, c := range all {
				if c.Pid != nil && *c.Pid == pid {
					mine = append(mine, c)
				}
			}
			wantKind := connKindFilter(want, kind)
			compareSets(t, "NetConnections", mine, wantKind)

			pcs, err := Default.connectionsOfPid(pid, kind)
			if err != nil {
				t.Fatal(err)
			}
			for i := range wantKind {
				wantKind[i].Pid = nil
			}
			compareSets(t, "connectionsOfPid", processConns(pcs), wantKind)
		})
	}
}

func compareSets(t *testing.T, what string, got, want []Conn) {
	t.Helper()
	g, w := connKeySet(got), connKeySet(want)
	if len(g) != len(got) {
		t.Errorf("%s: duplicate tuples in %v", what, connStrings(got))
	}
	if a, b := setDiff(g, w), setDiff(w, g); len(a)+len(b) > 0 {
		t.Errorf("%s:\n unexpected:\n  %s\n missing:\n  %s", what, strings.Join(a, "\n  "), strings.Join(b, "\n  "))
	}
}

// TestNetConnectionsLiveMatchesPsutil compares the whole system-wide list
// with python3-psutil's net_connections(kind) for every kind, as sets. A
// connection that appears or vanishes meanwhile is tolerated: ours is read
// before and after psutil's, and only a tuple in both our reads must be in
// psutil's, and one of psutil's must be in at least one of ours. Run as an
// unprivileged user, both see the sockets of other users without a pid.
func TestNetConnectionsLiveMatchesPsutil(t *testing.T) {
	liveSockets(t)
	for _, kind := range ConnKinds() {
		t.Run(kind, func(t *testing.T) {
			before, err := Default.NetConnections(kind)
			if err != nil {
				t.Fatal(err)
			}
			var py [][]any
			pyPsutil(t, "psutil.net_connections("+PyRepr(kind)+")", &py)
			after, err := Default.NetConnections(kind)
			if err != nil {
				t.Fatal(err)
			}
			b, a := connKeySet(before), connKeySet(after)
			if len(b) != len(before) {
				t.Errorf("duplicate tuples in %v", connStrings(before))
			}
			theirs := map[string]bool{}
			for _, c := range py {
				theirs[pyConnKey(t, c)] = true
			}
			var missing, extra []string
			for k := range theirs {
				if !b[k] && !a[k] {
					missing = append(missing, k)
				}
			}
			for k := range b {
				if a[k] && !theirs[k] {
					extra = append(extra, k)
				}
			}
			if len(missing)+len(extra) > 0 {
				t.Errorf("differs from python3-psutil (%d vs %d connections):\n only psutil's:\n  %s\n only ours:\n  %s",
					len(py), len(before), strings.Join(missing, "\n  "), strings.Join(extra, "\n  "))
			}
			if len(py) == 0 {
				t.Errorf("psutil lists no %s connection though this test opened some", kind)
			}
		})
	}
}

// TestNetConnectionsLiveOwners checks every owner we report: the process
// holds a socket at that fd, and, when we are not root, it runs as our user
// (other users' sockets have no pid, as with psutil and netstat).
func TestNetConnectionsLiveOwners(t *testing.T) {
	liveSockets(t)
	conns, err := Default.NetConnections("all")
	if err != nil {
		t.Fatal(err)
	}
	euid := os.Geteuid()
	owned := 0
	for _, c := range conns {
		if c.Pid == nil {
			if c.Fd != -1 {
				t.Errorf("%s: fd without a pid", connString(c))
			}
			continue
		}
		owned++
		proc := filepath.Join("/proc", strconv.Itoa(*c.Pid))
		link, err := os.Readlink(filepath.Join(proc, "fd", strconv.Itoa(c.Fd)))
		if os.IsNotExist(err) {
			continue // exited meanwhile
		}
		if err != nil || !strings.HasPrefix(link, "socket:[") {
			t.Errorf("%s: fd link %q, %v; want a socket", connString(c), link, err)
		}
		if euid != 0 {
			var st syscall.Stat_t
			if err := syscall.Stat(proc, &st); err == nil && int(st.Uid) != euid {
				t.Errorf("%s: owned by uid %d, which uid %d cannot read", connString(c), st.Uid, euid)
			}
		}
	}
	if owned < 8 {
		t.Errorf("only %d connections with a pid; this process alone has 8", owned)
	}
}

// TestNetConnectionsConcurrent runs queries from several goroutines at
// once (for the race detector, and the pooled scratch state).
func TestNetConnectionsConcurrent(t *testing.T) {
	want := liveSockets(t)
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			kind := ConnKinds()[i%len(connKinds)]
			cs, err := Default.NetConnections(kind)
			if err == nil {
				n := 0
				for _, c := range cs {
					if c.Pid != nil && *c.Pid == os.Getpid() {
						n++
					}
				}
				if n != len(connKindFilter(want, kind)) {
					err = errors.New(kind + ": wrong number of own sockets")
				}
			}
			errs <- err
		}()
	}
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func BenchmarkNetConnections(b *testing.B) {
	for _, kind := range []string{"inet", "all"} {
		b.Run(kind, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Default.NetConnections(kind); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkConnectionsOfPid is Process.net_connections("all") of a process
// holding 8 sockets.
func BenchmarkConnectionsOfPid(b *testing.B) {
	liveSockets(b)
	b.ReportAllocs()
	pid := os.Getpid()
	for b.Loop() {
		if _, err := Default.connectionsOfPid(pid, "all"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNetConnectionsLiveOtherUser checks that sockets of processes we may
// not inspect have no pid. Run as root, it holds a listener and runs itself
// again as nobody (setpriv --reuid=65534 --regid=65534 --clear-groups, as
// the unprivileged run of the whole suite does), where both psutil and we
// must list root's listener with pid None and fd -1.
func TestNetConnectionsLiveOtherUser(t *testing.T) {
	conns, err := Default.NetConnections("all")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range conns {
		if c.Pid == nil {
			continue
		}
		if _, err := os.ReadDir(filepath.Join("/proc", strconv.Itoa(*c.Pid), "fd")); errors.Is(err, fs.ErrPermission) {
			t.Errorf("%s: pid of a process whose fds we cannot read", connString(c))
		}
	}

	if port := os.Getenv("PSULUA_TEST_ROOT_PORT"); port != "" {
		want := mkConn(-1, AF_INET, SOCK_STREAM, "127.0.0.1:"+port, "", CONN_LISTEN, 0)
		ours := connKeySet(conns)
		if !ours[connString(want)] {
			t.Errorf("root's listener %s missing from ours: %v", connString(want), connStrings(conns))
		}
		var py [][]any
		pyPsutil(t, "psutil.net_connections('tcp4')", &py)
		found := false
		for _, c := range py {
			found = found || pyConnKey(t, c) == connString(want)
		}
		if !found {
			t.Errorf("root's listener %s missing from psutil's %v", connString(want), py)
		}
		return
	}
	if os.Geteuid() != 0 {
		return
	}

	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	// The test binary must be readable by nobody: copy it out of go test's
	// private build directory.
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "platform.test")
	data, err := os.ReadFile(exe)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bin, data, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
		bin, "-test.run=^TestNetConnectionsLiveOtherUser$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "PSULUA_TEST_ROOT_PORT="+strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the run as nobody failed: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "--- PASS: TestNetConnectionsLiveOtherUser") {
		t.Fatalf("the run as nobody did not run the test:\n%s", out)
	}
}

// TestConnNetlinkMatchesFiles: the TCP sockets of one sock_diag dump are
// those of /proc/net/tcp and tcp6 (read before and after, for sockets that
// come and go meanwhile).
func TestConnNetlinkMatchesFiles(t *testing.T) {
	liveSockets(t)
	// A connection closed first by the client leaves it in TIME_WAIT.
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	timeWait := mkConn(-1, AF_INET, SOCK_STREAM, c.LocalAddr().String(), c.RemoteAddr().String(), CONN_TIME_WAIT, 0)
	c.Close()
	sc.Close()
	fsys := LiveFS()
	if !connUseNetlink(fsys) {
		t.Fatal("the sock_diag dump is off on this machine")
	}
	for deadline := time.Now().Add(2 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		cs, err := connectionsAllVia(context.Background(), fsys, connTCP4, false)
		if err != nil {
			t.Fatal(err)
		}
		if connKeySet(cs)[connString(timeWait)] {
			break
		}
	}
	for _, kind := range []string{"tcp", "inet", "all"} {
		tables, _ := connCheckKind(kind)
		before, err := connectionsAllVia(context.Background(), fsys, tables, false)
		if err != nil {
			t.Fatal(err)
		}
		st := connGetState()
		if err := st.dumpTCP(); err != nil {
			t.Fatalf("sock_diag dump: %v", err)
		}
		connPutState(st)
		nl, err := connectionsAllVia(context.Background(), fsys, tables, true)
		if err != nil {
			t.Fatal(err)
		}
		after, err := connectionsAllVia(context.Background(), fsys, tables, false)
		if err != nil {
			t.Fatal(err)
		}
		b, a, n := connKeySet(before), connKeySet(after), connKeySet(nl)
		if tw := connString(timeWait); !n[tw] || !b[tw] {
			t.Errorf("%s: %s missing: netlink %v, files %v", kind, tw, n[tw], b[tw])
		}
		if len(n) != len(nl) {
			t.Errorf("%s: duplicate tuples in %v", kind, connStrings(nl))
		}
		for k := range n {
			if !b[k] && !a[k] {
				t.Errorf("%s: only in the netlink dump: %s", kind, k)
			}
		}
		for k := range b {
			if a[k] && !n[k] {
				t.Errorf("%s: only in the files: %s", kind, k)
			}
		}
	}
}
