package platform

import (
	"math"
	"strconv"
)

var humanSymbols = [...]byte{'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'}

// Bytes2Human is psutil.bytes2human (new in psutil 8): n bytes as a short
// string with one decimal and a binary-prefix symbol, "9.8K" for 10000.
func Bytes2Human(n float64) string {
	for i := len(humanSymbols) - 1; i >= 0; i-- {
		unit := math.Ldexp(1, 10*(i+1))
		if math.Abs(n) >= unit {
			return strconv.FormatFloat(n/unit, 'f', 1, 64) + string(humanSymbols[i])
		}
	}
	return strconv.FormatFloat(n, 'f', 1, 64) + "B"
}
