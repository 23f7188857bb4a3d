package procfs

// ParseZoneinfoLow returns the sum of the "low" watermarks of every memory
// zone in /proc/zoneinfo, in pages. The low watermark is the free-page level
// under which kswapd starts reclaiming; kernel commit 34e431b0ae39 (3.14)
// subtracts it when estimating MemAvailable, and psutil redoes that estimate
// for kernels without MemAvailable. Like psutil, any line starting with "low"
// once trimmed counts.
func ParseZoneinfoLow(data []byte) (int64, error) {
	var sum int64
	var fields [3][]byte
	for len(data) > 0 {
		var line []byte
		line, data = NextLine(data)
		f := Fields(line, fields[:0])
		if len(f) == 0 || !hasPrefix(f[0], "low") {
			continue
		}
		if len(f) < 2 {
			return 0, parseError("zoneinfo", string(line))
		}
		v, ok := ParseInt(f[1])
		if !ok {
			return 0, parseError("zoneinfo", string(line))
		}
		sum += v
	}
	return sum, nil
}
