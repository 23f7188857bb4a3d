package lua51

import "testing"

// TestCRandIsGlibcs: the first numbers of glibc's rand() after srand(1),
// which every C programmer has seen, and after srand(0) (taken as 1).
func TestCRandIsGlibcs(t *testing.T) {
	for _, seed := range []uint32{1, 0} {
		g := newCRand(seed)
		for i, want := range []int32{1804289383, 846930886, 1681692777, 1714636915, 1957747793} {
			if got := g.next(); got != want {
				t.Fatalf("srand(%d): number %d is %d, want %d", seed, i+1, got, want)
			}
		}
	}
}
