package platform

import (
	"math"
	"strconv"
)

var humanSymbols = [...]byte{'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'}

// humanUnits are the sizes of humanSymbols: 2^10, 2^20, ...
var humanUnits = func() (u [len(humanSymbols)]float64) {
	for i := range u {
		u[i] = math.Ldexp(1, 10*(i+1))
	}
	return u
}()

// Bytes2Human is psutil.bytes2human (new in psutil 8): n bytes as a short
// string with one decimal and a binary-prefix symbol, "9.8K" for 10000.
func Bytes2Human(n float64) string {
	i := 0
	for a := math.Abs(n); i < len(humanUnits) && a >= humanUnits[i]; i++ {
	}
	symbol := byte('B')
	if i > 0 {
		n, symbol = n/humanUnits[i-1], humanSymbols[i-1]
	}
	var buf [32]byte
	var b []byte
	switch {
	case math.IsNaN(n): // as Python's "%.1f" writes them
		b = append(buf[:0], "nan"...)
	case math.IsInf(n, 1):
		b = append(buf[:0], "inf"...)
	case math.IsInf(n, -1):
		b = append(buf[:0], "-inf"...)
	default:
		b = strconv.AppendFloat(buf[:0], n, 'f', 1, 64)
	}
	return string(append(b, symbol))
}
