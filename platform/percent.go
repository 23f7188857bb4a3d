package platform

import "strconv"

// usagePercent is psutil's usage_percent(used, total, round_=1): 0 for an
// empty total (Python's ZeroDivisionError), else used/total*100 rounded as
// Python's round(x, 1). The callers convert their integers to float64 as
// Python's int/int division does: each correctly rounded.
func usagePercent(used, total float64) float64 {
	if total == 0 {
		return 0
	}
	return pyRound1(used / total * 100)
}

// pyRound1 is Python's round(x, 1) (float.__round__): the decimal with one
// digit nearest to the exact binary value of x, ties to even (round(0.15, 1)
// is 0.1, as 0.15 is stored just below it; round(2.25, 1) is 2.2), read back
// as the nearest double. Infinities, NaN and every |x| >= 2^49 come back
// unchanged: from 2^49 on the doubles are at least 1/8 apart, so the nearest
// one to a decimal within 0.05 of x is x itself. Below, the digits fit an
// int64 and n/10 is correctly rounded (IEEE division of two exact integers).
// It does not allocate.
func pyRound1(x float64) float64 {
	if !(x > -1<<49 && x < 1<<49) {
		return x // NaN, infinities and large values
	}
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], x, 'f', 1, 64) // correctly rounded, ties to even
	var n int64
	for _, c := range b {
		if c >= '0' && c <= '9' {
			n = n*10 + int64(c-'0')
		}
	}
	r := float64(n) / 10
	if b[0] == '-' {
		r = -r // round(-0.04, 1) is -0.0 in Python too
	}
	return r
}
