//go:build linux

package platform

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// mkConn builds an expected connection. laddr and raddr are "ip:port"
// ("[::1]:22" for IPv6) or "" for inet sockets, the path for UNIX ones; a
// pid of 0 stands for None.
func mkConn(fd int, family AddressFamily, typ SocketType, laddr, raddr, status string, pid int) Conn {
	c := Conn{Fd: fd, Family: family, Type: typ, Laddr: mkAddr(family, laddr), Raddr: mkAddr(family, raddr), Status: status}
	if pid != 0 {
		c.Pid = &pid
	}
	return c
}

func mkAddr(family AddressFamily, s string) ConnAddr {
	if family == AF_UNIX {
		return ConnAddr{Path: s}
	}
	if s == "" {
		return ConnAddr{}
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		panic(err)
	}
	p, _ := strconv.Atoi(port)
	return ConnAddr{IP: host, Port: p}
}

// connString prints a connection like psutil's repr, for readable diffs.
func connString(c Conn) string {
	pid := "None"
	if c.Pid != nil {
		pid = strconv.Itoa(*c.Pid)
	}
	return fmt.Sprintf("sconn(fd=%d, family=%d, type=%d, laddr=%s, raddr=%s, status=%s, pid=%s)",
		c.Fd, c.Family, c.Type, addrString(c.Family, c.Laddr), addrString(c.Family, c.Raddr), c.Status, pid)
}

func addrString(family AddressFamily, a ConnAddr) string {
	switch {
	case family == AF_UNIX:
		return strconv.Quote(a.Path)
	case a.IsZero():
		return "()"
	}
	return fmt.Sprintf("addr(ip=%q, port=%d)", a.IP, a.Port)
}

func connStrings(cs []Conn) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = connString(c)
	}
	return out
}

// diffConns reports the connections only in got and only in want.
func diffConns(t *testing.T, got, want []Conn) {
	t.Helper()
	g, w := connStrings(got), connStrings(want)
	if slices.Equal(g, w) {
		return
	}
	t.Errorf("connections differ:\n got %d:\n  %s\nwant %d:\n  %s", len(g), strings.Join(g, "\n  "), len(w), strings.Join(w, "\n  "))
}

func requireLittleEndian(t *testing.T) {
	t.Helper()
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Fatal("the conn-* fixtures hold /proc/net tables printed by a little-endian kernel")
	}
}

var connBasicAll = []Conn{
	// tcp
	mkConn(3, AF_INET, SOCK_STREAM, "0.0.0.0:2024", "", CONN_LISTEN, 1),
	mkConn(3, AF_INET, SOCK_STREAM, "127.0.0.1:56095", "", CONN_LISTEN, 4242),
	mkConn(16, AF_INET, SOCK_STREAM, "127.0.0.1:41681", "", CONN_LISTEN, 4242),
	mkConn(11, AF_INET, SOCK_STREAM, "127.0.0.1:36310", "127.0.0.1:38441", CONN_ESTABLISHED, 4242),
	mkConn(4, AF_INET, SOCK_STREAM, "127.0.0.1:47542", "127.0.0.1:56095", CONN_ESTABLISHED, 4242),
	mkConn(5, AF_INET, SOCK_STREAM, "127.0.0.1:56095", "127.0.0.1:47542", CONN_ESTABLISHED, 4242),
	mkConn(-1, AF_INET, SOCK_STREAM, "127.0.0.1:54794", "127.0.0.1:41681", CONN_TIME_WAIT, 0),
	// tcp6
	mkConn(6, AF_INET6, SOCK_STREAM, "[::1]:51397", "", CONN_LISTEN, 4242),
	mkConn(9, AF_INET6, SOCK_STREAM, "[::]:38441", "", CONN_LISTEN, 4242),
	mkConn(7, AF_INET6, SOCK_STREAM, "[::1]:44542", "[::1]:51397", CONN_ESTABLISHED, 4242),
	mkConn(8, AF_INET6, SOCK_STREAM, "[::1]:51397", "[::1]:44542", CONN_ESTABLISHED, 4242),
	mkConn(12, AF_INET6, SOCK_STREAM, "[::ffff:127.0.0.1]:38441", "[::ffff:127.0.0.1]:36310", CONN_ESTABLISHED, 4242),
	// udp
	mkConn(14, AF_INET, SOCK_DGRAM, "127.0.0.1:47786", "127.0.0.1:35658", CONN_NONE, 4242),
	mkConn(13, AF_INET, SOCK_DGRAM, "127.0.0.1:35658", "", CONN_NONE, 4242),
	// udp6
	mkConn(15, AF_INET6, SOCK_DGRAM, "[::1]:36838", "", CONN_NONE, 4242),
	// unix: 1056 is dropped as a duplicate of 1057 (both unowned and
	// unnamed); the accepted socket 41979 has two fds (19 and its dup 30).
	mkConn(18, AF_UNIX, SOCK_STREAM, "", "", CONN_NONE, 4242),
	mkConn(-1, AF_UNIX, SOCK_STREAM, "", "", CONN_NONE, 0),
	mkConn(19, AF_UNIX, SOCK_STREAM, "/tmp/connsamp/my sock with spaces", "", CONN_NONE, 4242),
	mkConn(30, AF_UNIX, SOCK_STREAM, "/tmp/connsamp/my sock with spaces", "", CONN_NONE, 4242),
	mkConn(22, AF_UNIX, SOCK_DGRAM, "/tmp/connsamp/new\nline", "", CONN_NONE, 4242),
	mkConn(17, AF_UNIX, SOCK_STREAM, "/tmp/connsamp/my sock with spaces", "", CONN_NONE, 4242),
	mkConn(21, AF_UNIX, SOCK_SEQPACKET, "/tmp/connsamp/seq", "", CONN_NONE, 4242),
	mkConn(20, AF_UNIX, SOCK_DGRAM, "@abstract@name", "", CONN_NONE, 4242),
}

// connFilter keeps the connections of the given families and types.
func connFilter(cs []Conn, families []AddressFamily, types []SocketType) []Conn {
	var out []Conn
	for _, c := range cs {
		if slices.Contains(families, c.Family) && (c.Family == AF_UNIX || slices.Contains(types, c.Type)) {
			out = append(out, c)
		}
	}
	return out
}

func TestNetConnectionsFixture(t *testing.T) {
	requireLittleEndian(t)
	inet := []AddressFamily{AF_INET, AF_INET6}
	both := []SocketType{SOCK_STREAM, SOCK_DGRAM}
	tests := []struct {
		fixture, kind string
		want          []Conn
	}{
		{"conn-basic", "all", connBasicAll},
		{"conn-basic", "inet", connFilter(connBasicAll, inet, both)},
		{"conn-basic", "inet4", connFilter(connBasicAll, []AddressFamily{AF_INET}, both)},
		{"conn-basic", "inet6", connFilter(connBasicAll, []AddressFamily{AF_INET6}, both)},
		{"conn-basic", "tcp", connFilter(connBasicAll, inet, []SocketType{SOCK_STREAM})},
		{"conn-basic", "tcp4", connFilter(connBasicAll, []AddressFamily{AF_INET}, []SocketType{SOCK_STREAM})},
		{"conn-basic", "tcp6", connFilter(connBasicAll, []AddressFamily{AF_INET6}, []SocketType{SOCK_STREAM})},
		{"conn-basic", "udp", connFilter(connBasicAll, inet, []SocketType{SOCK_DGRAM})},
		{"conn-basic", "udp4", connFilter(connBasicAll, []AddressFamily{AF_INET}, []SocketType{SOCK_DGRAM})},
		{"conn-basic", "udp6", connFilter(connBasicAll, []AddressFamily{AF_INET6}, []SocketType{SOCK_DGRAM})},
		{"conn-basic", "unix", connFilter(connBasicAll, []AddressFamily{AF_UNIX}, nil)},
		// A kernel without IPv6 has no tcp6 and udp6: psutil skips them.
		// The fds here are named after the inodes, to tell them apart.
		{"conn-no-ipv6", "inet6", nil},
		{"conn-no-ipv6", "all", []Conn{
			mkConn(-1, AF_INET, SOCK_STREAM, "0.0.0.0:2024", "", CONN_LISTEN, 0),
			mkConn(41962, AF_INET, SOCK_STREAM, "127.0.0.1:56095", "", CONN_LISTEN, 4242),
			mkConn(-1, AF_INET, SOCK_STREAM, "127.0.0.1:41681", "", CONN_LISTEN, 0),
			mkConn(-1, AF_INET, SOCK_STREAM, "127.0.0.1:36310", "127.0.0.1:38441", CONN_ESTABLISHED, 0),
			mkConn(41963, AF_INET, SOCK_STREAM, "127.0.0.1:47542", "127.0.0.1:56095", CONN_ESTABLISHED, 4242),
			mkConn(41964, AF_INET, SOCK_STREAM, "127.0.0.1:56095", "127.0.0.1:47542", CONN_ESTABLISHED, 4242),
			mkConn(-1, AF_INET, SOCK_STREAM, "127.0.0.1:54794", "127.0.0.1:41681", CONN_TIME_WAIT, 0),
			mkConn(-1, AF_INET, SOCK_DGRAM, "127.0.0.1:47786", "127.0.0.1:35658", CONN_NONE, 0),
			mkConn(41971, AF_INET, SOCK_DGRAM, "127.0.0.1:35658", "", CONN_NONE, 4242),
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture+"/"+tt.kind, func(t *testing.T) {
			got, err := fixture(t, tt.fixture).NetConnections(tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			if got == nil {
				t.Error("got nil, want a non-nil list")
			}
			diffConns(t, got, tt.want)
			compareWithPsutil(t, got, connPsutilFixture(t, tt.fixture, "psutil.net_connections("+PyRepr(tt.kind)+")"))
		})
	}
}

// TestNetConnectionsSharedSockets checks which process psutil names for a
// socket several processes hold (the last one in /proc's directory order,
// as get_all_inodes updates a dict) and which fd (that process's first, in
// its fd directory's order, for inet; every fd for UNIX).
func TestNetConnectionsSharedSockets(t *testing.T) {
	requireLittleEndian(t)
	dir := testdata("conn-shared", "proc")
	pidOrder := dirOrder(t, dir)
	fdOrder := func(pid int) []string { return dirOrder(t, filepath.Join(dir, strconv.Itoa(pid), "fd")) }
	lastOf := func(pids ...int) int {
		last, at := 0, -1
		for _, p := range pids {
			if i := slices.Index(pidOrder, strconv.Itoa(p)); i > at {
				last, at = p, i
			}
		}
		return last
	}
	firstFd := func(pid int, fds ...int) int {
		for _, name := range fdOrder(pid) {
			if fd, _ := strconv.Atoi(name); slices.Contains(fds, fd) {
				return fd
			}
		}
		return -1
	}
	// socket 500 (listener): pid 100 fd 3, pid 200 fds 3 and 7
	// socket 501 (established): pid 300 fd 3
	// socket 600 (/run/shared.sock): pid 100 fd 4, pid 200 fds 4 and 5
	// socket 601 (unnamed): pid 200 fd 6, pid 300 fd 4
	ownerOf500 := lastOf(100, 200)
	fd500 := 3
	if ownerOf500 == 200 {
		fd500 = firstFd(200, 3, 7)
	}
	want := []Conn{
		mkConn(fd500, AF_INET, SOCK_STREAM, "0.0.0.0:8080", "", CONN_LISTEN, ownerOf500),
		mkConn(3, AF_INET, SOCK_STREAM, "127.0.0.1:8080", "127.0.0.1:47542", CONN_ESTABLISHED, 300),
	}
	if lastOf(100, 200) == 200 {
		for _, name := range fdOrder(200) {
			if name == "4" || name == "5" {
				fd, _ := strconv.Atoi(name)
				want = append(want, mkConn(fd, AF_UNIX, SOCK_STREAM, "/run/shared.sock", "", CONN_NONE, 200))
			}
		}
	} else {
		want = append(want, mkConn(4, AF_UNIX, SOCK_STREAM, "/run/shared.sock", "", CONN_NONE, 100))
	}
	if lastOf(200, 300) == 200 {
		want = append(want, mkConn(6, AF_UNIX, SOCK_STREAM, "", "", CONN_NONE, 200))
	} else {
		want = append(want, mkConn(4, AF_UNIX, SOCK_STREAM, "", "", CONN_NONE, 300))
	}
	got, err := fixture(t, "conn-shared").NetConnections("all")
	if err != nil {
		t.Fatal(err)
	}
	diffConns(t, got, want)
	compareWithPsutil(t, got, connPsutilFixture(t, "conn-shared", "psutil.net_connections('all')"))
}

// dirOrder lists a directory in the order getdents returns it, which is
// the order psutil's os.listdir sees.
func dirOrder(t *testing.T, dir string) []string {
	t.Helper()
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func TestNetConnectionsMalformed(t *testing.T) {
	_, err := fixture(t, "conn-malformed").NetConnections("tcp4")
	if !errors.Is(err, procfs.ErrFileParse) {
		t.Fatalf("err = %v, want procfs.ErrFileParse", err)
	}
	// The unix table is not read for tcp4; for unix it is missing.
	if _, err := fixture(t, "conn-malformed").NetConnections("unix"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("unix: err = %v, want fs.ErrNotExist", err)
	}
	if _, err := fixture(t, "conn-malformed").NetConnections("udp6"); err != nil {
		t.Errorf("udp6 without the table: err = %v, want none (a kernel without IPv6)", err)
	}
}

func TestConnKinds(t *testing.T) {
	want := []string{"all", "tcp", "tcp4", "udp", "udp4", "inet", "inet4", "inet6", "tcp6", "udp6", "unix"}
	if got := ConnKinds(); !slices.Equal(got, want) {
		t.Errorf("ConnKinds() = %q, want psutil's conn_tmap order %q", got, want)
	}
	s := fixture(t, "conn-basic")
	for _, kind := range []string{"", "INET", "tcp5", "unix "} {
		_, err := s.NetConnections(kind)
		var ke *ConnKindError
		if !errors.As(err, &ke) || ke.Kind != kind {
			t.Errorf("NetConnections(%q) err = %v, want *ConnKindError", kind, err)
		}
		if _, err := s.connectionsOfPid(4242, kind); !errors.As(err, &ke) {
			t.Errorf("connectionsOfPid(4242, %q) err = %v, want *ConnKindError", kind, err)
		}
	}
	// psutil 8's ValueError message.
	want8 := "invalid kind argument 'foo'; valid ones are: ('all', 'tcp', 'tcp4', 'udp', 'udp4', 'inet', 'inet4', 'inet6', 'tcp6', 'udp6', 'unix')"
	if got := (&ConnKindError{Kind: "foo"}).Error(); got != want8 {
		t.Errorf("message:\n got %s\nwant %s", got, want8)
	}
}

func TestConnectionsOfPidFixture(t *testing.T) {
	requireLittleEndian(t)
	s := fixture(t, "conn-basic")
	for _, kind := range ConnKinds() {
		t.Run(kind, func(t *testing.T) {
			got, err := s.connectionsOfPid(4242, kind)
			if err != nil {
				t.Fatal(err)
			}
			all, _ := s.NetConnections(kind)
			var want []Conn
			for _, c := range all {
				if c.Pid != nil && *c.Pid == 4242 {
					c.Pid = nil
					want = append(want, c)
				}
			}
			diffConns(t, processConns(got), want)
			compareWithPsutil(t, processConns(got), connPsutilFixture(t, "conn-basic",
				"[list(c) + [None] for c in psutil._psplatform.Process(4242).connections("+PyRepr(kind)+")]"))
		})
	}
	t.Run("process without sockets", func(t *testing.T) {
		got, err := s.connectionsOfPid(1, "unix")
		if err != nil || got == nil || len(got) != 0 {
			t.Errorf("got %v, %v; want an empty list", got, err)
		}
	})
	for _, pid := range []int{77, 99999} { // exited: no fd directory
		if _, err := s.connectionsOfPid(pid, "all"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("pid %d: err = %v, want ENOENT", pid, err)
		}
	}
}

func processConns(pcs []ProcessConn) []Conn {
	out := make([]Conn, len(pcs))
	for i, p := range pcs {
		out[i] = Conn{Fd: p.Fd, Family: p.Family, Type: p.Type, Laddr: p.Laddr, Raddr: p.Raddr, Status: p.Status}
	}
	return out
}

// connPsutilFixture evaluates a psutil expression returning connections
// with PROCFS_PATH set to the fixture's proc tree.
func connPsutilFixture(t *testing.T, name, expr string) [][]any {
	t.Helper()
	dir, err := filepath.Abs(testdata(name, "proc"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]any
	pyPsutil(t, "(setattr(psutil, 'PROCFS_PATH', "+PyRepr(dir)+"), "+expr+")[1]", &out)
	return out
}

// compareWithPsutil checks that got equals psutil's list as a set.
func compareWithPsutil(t *testing.T, got []Conn, py [][]any) {
	t.Helper()
	ours := connKeySet(got)
	theirs := map[string]bool{}
	for _, c := range py {
		theirs[pyConnKey(t, c)] = true
	}
	if onlyOurs, onlyTheirs := setDiff(ours, theirs), setDiff(theirs, ours); len(onlyOurs)+len(onlyTheirs) > 0 {
		t.Errorf("differs from python3-psutil:\n only ours:\n  %s\n only psutil's:\n  %s",
			strings.Join(onlyOurs, "\n  "), strings.Join(onlyTheirs, "\n  "))
	}
}

// connKeySet is our list as the set psutil would build, with the one
// documented difference undone: psutil splits /proc/net/unix lines on
// whitespace, so it reports "" for a path holding whitespace, and only the
// first line of a path holding a newline.
func connKeySet(cs []Conn) map[string]bool {
	set := map[string]bool{}
	for _, c := range cs {
		if c.Family == AF_UNIX {
			c.Laddr.Path = connPsutilPath(c.Laddr.Path)
		}
		set[connString(c)] = true
	}
	return set
}

func connPsutilPath(p string) string {
	if i := strings.IndexByte(p, '\n'); i >= 0 {
		p = p[:i]
	}
	if strings.IndexFunc(p, func(r rune) bool { return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f }) >= 0 {
		return ""
	}
	return p
}

// pyConnKey reads psutil's JSON tuple [fd, family, type, laddr, raddr,
// status, pid] into the form of connString.
func pyConnKey(t *testing.T, v []any) string {
	t.Helper()
	if len(v) != 7 {
		t.Fatalf("psutil tuple %v: want 7 fields", v)
	}
	c := Conn{Fd: int(v[0].(float64)), Family: AddressFamily(v[1].(float64)), Type: SocketType(v[2].(float64)), Status: v[5].(string)}
	addr := func(a any) ConnAddr {
		switch a := a.(type) {
		case string:
			return ConnAddr{Path: a}
		case []any:
			if len(a) == 0 {
				return ConnAddr{}
			}
			return ConnAddr{IP: a[0].(string), Port: int(a[1].(float64))}
		}
		t.Fatalf("psutil address %#v", a)
		return ConnAddr{}
	}
	c.Laddr, c.Raddr = addr(v[3]), addr(v[4])
	if v[6] != nil {
		pid := int(v[6].(float64))
		c.Pid = &pid
	}
	return connString(c)
}

func setDiff(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func TestConnFormatIP(t *testing.T) {
	// Expected values from glibc's inet_ntop, which psutil calls through
	// Python's socket.inet_ntop.
	tests := []struct{ hex, want string }{
		{"00000000000000000000000000000000", "::"},
		{"00000000000000000000000000000001", "::1"},
		{"0000000000000000000000000a000001", "::10.0.0.1"},
		{"00000000000000000000ffff7f000001", "::ffff:127.0.0.1"},
		{"00000000000000000000ffff00000000", "::ffff:0.0.0.0"},
		{"0000000000000000000000000000ffff", "::ffff"},
		{"00000000000000000000000000010000", "::0.1.0.0"},
		{"20010db8000000000001000000000001", "2001:db8::1:0:0:1"},
		{"fe800000000000000000000000000001", "fe80::1"},
		{"0001000000000000000000000000ffff", "1::ffff"},
		{"20010db8000100010001000100010001", "2001:db8:1:1:1:1:1:1"},
		{"20010db8000000010000000000000000", "2001:db8:0:1::"},
		{"20010000000000010000000000000001", "2001:0:0:1::1"},
		{"20010000000100000000000100000001", "2001:0:1::1:0:1"}, // equal runs: the first
		{"ff020000000000000000000000000002", "ff02::2"},
	}
	for _, tt := range tests {
		var ip [16]byte
		for i := range ip {
			v, _ := strconv.ParseUint(tt.hex[2*i:2*i+2], 16, 8)
			ip[i] = byte(v)
		}
		if got := connFormatIPv6(&ip); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.hex, got, tt.want)
		}
	}
	for _, ip := range [][]byte{{127, 0, 0, 1}, {0, 0, 0, 0}, {192, 168, 255, 10}, {10, 0, 100, 7}} {
		if got, want := connFormatIPv4(ip), net.IP(ip).String(); got != want {
			t.Errorf("%v: got %q, want %q", ip, got, want)
		}
	}
}

func TestConnAddr(t *testing.T) {
	if !(ConnAddr{}).IsZero() || (ConnAddr{Path: "@x"}).IsZero() || (ConnAddr{IP: "::", Port: 1}).IsZero() {
		t.Error("IsZero")
	}
	if got := (ConnAddr{IP: "::1", Port: 22}).Addr(); !reflect.DeepEqual(got, Addr{IP: "::1", Port: 22}) {
		t.Errorf("Addr() = %+v", got)
	}
}
