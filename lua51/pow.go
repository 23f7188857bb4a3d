package lua51

import "math"

// Pow is C's pow(x, y), as Lua 5.1's ^ and math.pow compute it.
func Pow(x, y float64) float64 {
	r := math.Pow(x, y)
	if r != r {
		return cNaN(x, y, x86NaN)
	}
	return r
}
