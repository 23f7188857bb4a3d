//go:build linux

package netlink

import "testing"

// TestRecvRoomAmortized receives a large dump batch by batch, each filling
// the room asked for: growing by doubling copies each byte a bounded number
// of times on average, where a fixed step would copy the whole reply on
// every batch (quadratic).
func TestRecvRoomAmortized(t *testing.T) {
	const size, batches = recvSize, 2000
	var out []byte
	copied, grows := 0, 0
	for range batches {
		before := cap(out)
		out = recvRoom(out, size)
		if cap(out)-len(out) < size {
			t.Fatalf("room %d, want %d", cap(out)-len(out), size)
		}
		if cap(out) != before {
			grows++
			copied += len(out)
		}
		out = out[:len(out)+size]
	}
	if total := size * batches; copied > 2*total {
		t.Errorf("copied %d bytes in %d grows for a %d-byte dump", copied, grows, total)
	}
	// Room left over is reused without copying.
	out = make([]byte, 10, 100)
	if got := recvRoom(out, 50); &got[0] != &out[0] || len(got) != 10 {
		t.Error("recvRoom copied a buffer that had room")
	}
}
