package platform

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

func TestPyRound1(t *testing.T) {
	// Python 3.11's round(x, 1) for each x.
	tests := []struct {
		name    string
		x, want float64
	}{
		{"stored below the half", 0.15, 0.1},
		{"stored below the half again", 0.35, 0.3},
		{"stored above the half", 0.45, 0.5},
		{"stored above the half again", 1.05, 1.1},
		{"exact half to even, down", 0.25, 0.2},
		{"exact half to even, down again", 2.25, 2.2},
		{"exact half to even, down at 12.25", 12.25, 12.2},
		{"round(2.675, 2) style", 2.675, 2.7},
		{"0.95 is stored below", 0.95, 0.9},
		{"carry into the units", 99.95, 100},
		{"thirds", 33.333333333333336, 33.3},
		{"negative", -2.35, -2.4},
		{"negative half", -0.05, -0.1},
		{"negative zero result", -0.04, math.Copysign(0, -1)},
		{"smallest subnormal", 5e-324, 0},
		{"below 2^49", 562949953421311.9375, 562949953421311.875},
		{"2^49", 562949953421312, 562949953421312},
		{"above 2^49", 562949953421312.125, 562949953421312.125},
		{"1e15 and a bit", 1000000000000000.25, 1000000000000000.25},
		{"half above 2^52", 4503599627370495.5, 4503599627370495.5},
		{"above 2^53", 9007199254740994, 9007199254740994},
		{"int64 overflow of the digits", 1.2345678901234568e20, 1.2345678901234568e20},
		{"1e300", 1e300, 1e300},
		{"-1e300", -1e300, -1e300},
		{"largest double", math.MaxFloat64, math.MaxFloat64},
		{"12 digits", 123456789012.34567, 123456789012.3},
		{"infinity", math.Inf(1), math.Inf(1)},
		{"minus infinity", math.Inf(-1), math.Inf(-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := pyRound1(tt.x)
			if got != tt.want || math.Signbit(got) != math.Signbit(tt.want) {
				t.Errorf("pyRound1(%v) = %v, want %v", tt.x, got, tt.want)
			}
		})
	}
	if got := pyRound1(math.NaN()); !math.IsNaN(got) {
		t.Errorf("pyRound1(NaN) = %v", got)
	}
}

// The decimal string strconv rounds correctly, read back by ParseFloat, is
// Python's round(x, 1) by construction; pyRound1 must agree without the
// allocation, over every magnitude.
func TestPyRound1MatchesStrconv(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 200000 {
		x := math.Float64frombits(r.Uint64())
		if r.IntN(2) == 0 {
			x = r.Float64() * math.Pow(10, float64(r.IntN(20)))
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		want, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 1, 64), 64)
		if got := pyRound1(x); got != want {
			t.Fatalf("pyRound1(%v) = %v, want %v", x, got, want)
		}
	}
}

func TestPyRound1DoesNotAllocate(t *testing.T) {
	x := 33.333333333333336
	if n := testing.AllocsPerRun(100, func() { x = pyRound1(x + 1) }); n != 0 {
		t.Errorf("pyRound1 allocates %v times", n)
	}
}

func TestUsagePercent(t *testing.T) {
	// psutil's usage_percent(used, total, round_=1).
	tests := []struct {
		name        string
		used, total float64
		want        float64
	}{
		{"empty", 0, 0, 0},
		{"total 0", 5, 0, 0},
		{"nothing used", 0, 5, 0},
		{"full", 5, 5, 100},
		{"a third", 1, 3, 33.3},
		{"two thirds", 2, 3, 66.7},
		{"6.25 to even", 1, 16, 6.2},
		{"18.75 to even", 3, 16, 18.8},
		{"small", 7, 2000, 0.4},
		{"a real disk", 12362964992, 97793294336, 12.6},
		{"negative used (FUSE)", -4096, 1 << 20, -0.4},
	}
	for _, tt := range tests {
		if got := usagePercent(tt.used, tt.total); got != tt.want {
			t.Errorf("%s: usagePercent(%v, %v) = %v, want %v", tt.name, tt.used, tt.total, got, tt.want)
		}
	}
}
