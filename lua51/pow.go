package lua51

import "math"

// Pow is C's pow(x, y), as Lua 5.1's ^ and math.pow compute it. glibc's
// is correctly rounded but in rare cases; Go's math.Pow multiplies an
// integer power out in doubles, rounding at each step: 1.0001^10000 came
// out wrong from its 12th digit and 10^23 was not 1e23. An integer power
// is computed here in double-doubles (about 104 bits) and rounded once.
// Other powers are Go's, within a few units of the last place.
func Pow(x, y float64) float64 {
	if n, frac := math.Modf(y); frac == 0 && math.Abs(n) <= maxIntPower && n != 0 &&
		x != 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
		return powInt(x, int64(n))
	}
	r := math.Pow(x, y)
	if r != r {
		if x != x && math.Signbit(x) && isOddInteger(y) {
			return math.NaN() // glibc's pow drops the sign of -nan to an odd power
		}
		return cNaN(x, y, x86NaN)
	}
	return r
}

// isOddInteger reports whether y is an odd integer.
func isOddInteger(y float64) bool {
	return math.Abs(y) < 1<<53 && math.Mod(y, 2) != 0 && y == math.Trunc(y)
}

// maxIntPower is the largest exponent powInt takes: its binary exponents
// stay far inside an int64.
const maxIntPower = 1 << 31

// powInt is x^n for a finite x other than 0, by squaring in double-doubles
// (kept within 2^±400, their binary exponents apart, so that no product
// overflows or underflows), with one rounding at the end (two for a
// subnormal result).
func powInt(x float64, n int64) float64 {
	switch n {
	case 1:
		return x
	case 2:
		return x * x // rounded once
	case -1:
		return 1 / x
	}
	inverse := n < 0
	if inverse {
		n = -n
	}
	bh, bl, be := ddInRange(x, 0, 0)
	rh, rl, re := 1.0, 0.0, 0
	for {
		if n&1 == 1 {
			rh, rl = ddMul(rh, rl, bh, bl)
			rh, rl, re = ddInRange(rh, rl, re+be)
		}
		if n >>= 1; n == 0 {
			break
		}
		bh, bl = ddMul(bh, bl, bh, bl)
		bh, bl, be = ddInRange(bh, bl, 2*be)
	}
	if inverse {
		q := 1 / rh
		// The remainder 1 - q*(rh + rl), the first product exact.
		r := math.FMA(-q, rh, 1) - q*rl
		rh, rl = twoSum(q, r/rh)
		re = -re
	}
	if re == 0 {
		return rh + rl
	}
	return math.Ldexp(rh+rl, re)
}

// ddMul is (ah + al) * (bh + bl) as a double-double.
func ddMul(ah, al, bh, bl float64) (float64, float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p) + (ah*bl + al*bh)
	return twoSum(p, e)
}

// twoSum is a + b as a double and what its rounding left out, for |a| at
// least |b|.
func twoSum(a, b float64) (float64, float64) {
	s := a + b
	return s, b - (s - a)
}

// ddInRange is (h + l) * 2^e with h within 2^±400, scaled into [0.5, 1)
// and the power of two moved to the exponent when it is not.
func ddInRange(h, l float64, e int) (float64, float64, int) {
	if a := math.Abs(h); a <= 0x1p400 && a >= 0x1p-400 {
		return h, l, e
	}
	m, k := math.Frexp(h)
	return m, math.Ldexp(l, -k), e + k
}
