package lua51

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestLongNumeralsAreRoundedCorrectly: a numeral, shortened first when it
// is longer than maxNumeral, reads as the nearest number, as glibc's strtod reads
// it. (math/big is the reference: strconv.ParseFloat itself misplaces the
// point of a numeral with more than 800 digits before it and none
// written, when its fast path cannot decide.)
func TestLongNumeralsAreRoundedCorrectly(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	digits := func(n int, set string) string {
		var b strings.Builder
		for range n {
			b.WriteByte(set[r.IntN(len(set))])
		}
		return b.String()
	}
	for i := range 3000 {
		hex := i%3 == 0
		set, exp := "0123456789", "e"
		if hex {
			set, exp = "0123456789abcdefABCDEF", "p"
		}
		// Runs of zeros where rounding and the point's place are decided.
		whole := strings.Repeat("0", r.IntN(2)*r.IntN(1500)) + digits(r.IntN(1200), set) + strings.Repeat("0", r.IntN(2)*r.IntN(1500))
		frac := strings.Repeat("0", r.IntN(2)*r.IntN(1500)) + digits(r.IntN(3)*r.IntN(900), set)
		s := whole
		if r.IntN(2) == 0 || whole == "" {
			s += "." + frac
		}
		if strings.Trim(s, ".") == "" {
			s = "0" + s
		}
		if r.IntN(2) == 0 {
			s += exp + []string{"", "+", "-"}[r.IntN(3)] + strconv.Itoa(r.IntN(5000))
		}
		if hex {
			s = "0x" + s
		}
		if r.IntN(3) == 0 {
			s = "-" + s
		}
		exact, _, err := big.ParseFloat(s, 0, 1<<14, big.ToNearestEven)
		if err != nil {
			t.Fatalf("math/big: %v", err)
		}
		want, _ := exact.Float64()
		if got, ok := str2number(s); !ok || math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("%.60s...%s (%d bytes) = %v, %v; want %v", s, s[len(s)-30:], len(s), got, ok, want)
		}
	}
}

// TestLongNonNumeralsAreRefused: a long string is a numeral only when
// all of it is one.
func TestLongNonNumeralsAreRefused(t *testing.T) {
	zeros := strings.Repeat("0", 2*maxNumeral)
	for _, s := range []string{
		zeros + "x", "x" + zeros, zeros + ".5.", zeros + "e", zeros + "e+", zeros + "1 2", "0x" + zeros + "g",
		"--" + zeros, "." + zeros + "e5" + "x", zeros + "p5", strings.Repeat(".", 2000),
		strings.Repeat("-", 2000), zeros + "_1",
	} {
		if f, ok := str2number(s); ok {
			t.Errorf("%.20q... (%d bytes) reads as %v", s, len(s), f)
		}
	}
	for s, want := range map[string]float64{
		zeros: 0, "-" + zeros: math.Copysign(0, -1), "." + zeros: 0, zeros + ".": 0, zeros + "1e-3": 0.001,
		"0x" + zeros + "1p4": 16, " \t" + zeros + "42\n ": 42, zeros + "7\x00junk": 7, "1e" + zeros + "3": 1000,
	} {
		if got, ok := str2number(s); !ok || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%.20q... (%d bytes) = %v, %v; want %v", s, len(s), got, ok, want)
		}
	}
}

// TestStrtoul is glibc's strtoul as Lua 5.1's tonumber reads with it.
func TestStrtoul(t *testing.T) {
	for _, c := range []struct {
		s    string
		base int
		want uint64
		ok   bool
	}{
		{"ff", 16, 255, true}, {"0xff", 16, 255, true}, {"0x", 16, 0, false}, {"0xg", 16, 0, false},
		{"-1", 10, math.MaxUint64, true}, {" +7 ", 8, 7, true}, {"8", 8, 0, false}, {"", 2, 0, false},
		{"z", 36, 35, true}, {"Z", 36, 35, true}, {"ffffffffffffffff", 16, math.MaxUint64, true},
		{"10000000000000000", 16, math.MaxUint64, true}, {"-10000000000000000", 16, math.MaxUint64, true},
		{"1\x002", 10, 1, true}, {"1 2", 10, 0, false}, {strings.Repeat("0", 5000) + "11", 2, 3, true},
	} {
		if got, ok := strtoul(c.s, c.base); got != c.want || ok != c.ok {
			t.Errorf("strtoul(%.20q, %d) = %d, %v; want %d, %v", c.s, c.base, got, ok, c.want, c.ok)
		}
	}
}

// TestIntegerPowersAreRoundedCorrectly: x^n for an integer n is the
// nearest number to the exact power (math/big's, at 300 bits), as glibc's
// pow gives it; Go's math.Pow missed by many units of the last place.
func TestIntegerPowersAreRoundedCorrectly(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	exact := func(x float64, n int64) float64 {
		b, p := new(big.Float).SetPrec(300).SetFloat64(x), new(big.Float).SetPrec(300).SetFloat64(1)
		for m := max(n, -n); m > 0; m >>= 1 {
			if m&1 == 1 {
				p.Mul(p, b)
			}
			b.Mul(b, b)
		}
		if n < 0 {
			p.Quo(new(big.Float).SetPrec(300).SetFloat64(1), p)
		}
		f, _ := p.Float64()
		return f
	}
	cases := [][2]float64{{1.0001, 10000}, {10, 23}, {10, -300}, {3, 40}, {1.1, 10}, {2, -1074}, {0.5, 1075}, {-2, 63}, {-10, 309}, {1 + 1.0/(1<<52), 1 << 30}}
	for range 5000 {
		x := math.Ldexp(r.Float64()+0.5, r.IntN(80)-40)
		if r.IntN(4) == 0 {
			x = 1 + (r.Float64()-0.5)/1000
		}
		if r.IntN(3) == 0 {
			x = -x
		}
		cases = append(cases, [2]float64{x, float64(r.IntN(4000) - 2000)})
	}
	for _, c := range cases {
		want := exact(c[0], int64(c[1]))
		if got := Pow(c[0], c[1]); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%v ^ %v = %v, want %v", c[0], c[1], got, want)
		}
	}
}
