package main

import (
	"net"
	"testing"
)

// TestRepair: a connection reset by its peer is replaced, and the pairs
// the conn check looks for follow.
func TestRepair(t *testing.T) {
	l := newLoad()
	defer l.stop()
	if err := l.grow(0, 3); err != nil {
		t.Fatal(err)
	}
	if n, err := l.repair(); n != 0 || err != nil {
		t.Fatalf("nothing lost: repair = %d, %v", n, err)
	}
	gone := l.conns[2]
	key := [2]string{gone.LocalAddr().String(), gone.RemoteAddr().String()}
	gone.(*net.TCPConn).SetLinger(0)
	gone.Close() // a reset: its peer, l.conns[3], is no longer established
	n, err := l.repair()
	if n != 1 || err != nil {
		t.Fatalf("one lost: repair = %d, %v", n, err)
	}
	if len(l.conns) != 6 || len(l.pairs) != 6 || l.pairs[key] {
		t.Errorf("after repair: %d conns, %d pairs, the lost one still there: %v", len(l.conns), len(l.pairs), l.pairs[key])
	}
	for _, c := range l.conns {
		if !established(c) {
			t.Errorf("%v -> %v not established", c.LocalAddr(), c.RemoteAddr())
		}
	}
}

// TestCheckRoom: the scale runs' processes fit this machine's limits, and
// a count beyond pid_max is refused before anything starts.
func TestCheckRoom(t *testing.T) {
	if err := checkRoom(1<<23, 0); err == nil {
		t.Error("8 million processes: no error")
	}
	if err := checkRoom(0, 1<<30); err == nil {
		t.Error("a billion connections: no error")
	}
	if err := checkRoom(100, 100); err != nil {
		t.Errorf("100 processes and connections: %v", err)
	}
}
