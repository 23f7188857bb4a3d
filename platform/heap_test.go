package platform

import "testing"

var heapSink [][]byte

// heap_info is for leak detection: what a loop allocates and frees must
// not stay in heap_used.
func TestHeapInfoReturnsToBaseline(t *testing.T) {
	HeapTrim()
	before := HeapInfo()
	if before.HeapUsed == 0 || before.MmapUsed == 0 {
		t.Fatalf("heap_info() = %+v, want both fields set", before)
	}
	for i := 0; i < 50; i++ {
		heapSink = append(heapSink, make([]byte, 1<<20))
		if len(heapSink) > 8 {
			heapSink = nil
		}
	}
	grown := HeapInfo()
	heapSink = nil
	HeapTrim()
	after := HeapInfo()
	if grown.HeapUsed < before.HeapUsed+4<<20 {
		t.Errorf("heap_used %d with 8 MiB held, want at least %d", grown.HeapUsed, before.HeapUsed+4<<20)
	}
	if after.HeapUsed > before.HeapUsed+1<<20 {
		t.Errorf("heap_used %d after freeing, want back near the baseline %d", after.HeapUsed, before.HeapUsed)
	}
}
