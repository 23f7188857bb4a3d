package procfs

import "bytes"

// VmstatSwap holds the swap counters of /proc/vmstat: pages swapped in and
// out since boot. HasIn and HasOut tell whether the lines were there: they
// are missing on kernels built without CONFIG_VM_EVENT_COUNTERS.
type VmstatSwap struct {
	Pswpin, Pswpout int64
	HasIn, HasOut   bool
}

// ParseVmstatSwap reads the pswpin and pswpout lines of /proc/vmstat
// ("name value" lines) and stops once it has both.
func ParseVmstatSwap(data []byte) (VmstatSwap, error) {
	var v VmstatSwap
	for len(data) > 0 && !(v.HasIn && v.HasOut) {
		var line []byte
		line, data = NextLine(data)
		sp := bytes.IndexByte(line, ' ')
		if sp < 0 {
			continue
		}
		var dst *int64
		switch string(line[:sp]) {
		case "pswpin":
			dst, v.HasIn = &v.Pswpin, true
		case "pswpout":
			dst, v.HasOut = &v.Pswpout, true
		default:
			continue
		}
		f, _ := NextField(line[sp+1:])
		n, ok := ParseInt(f)
		if !ok {
			return VmstatSwap{}, parseError("vmstat", string(line))
		}
		*dst = n
	}
	return v, nil
}
