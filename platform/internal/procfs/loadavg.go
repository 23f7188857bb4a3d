package procfs

import "strconv"

// LoadAvg is /proc/loadavg (proc_loadavg(5)).
type LoadAvg struct {
	Load1, Load5, Load15 float64 // run-queue length averaged over 1, 5 and 15 minutes
	Runnable             uint64  // kernel scheduling entities currently runnable
	Entities             uint64  // kernel scheduling entities that exist
	LastPID              int64   // PID most recently created
}

// ParseLoadAvg parses "0.09 0.08 0.03 1/90 5912".
func ParseLoadAvg(b []byte) (LoadAvg, error) {
	var l LoadAvg
	line, _ := NextLine(b)
	rest := line
	for _, dst := range [3]*float64{&l.Load1, &l.Load5, &l.Load15} {
		var f []byte
		f, rest = NextField(rest)
		v, err := strconv.ParseFloat(string(f), 64)
		if err != nil {
			return LoadAvg{}, parseError("loadavg", string(line))
		}
		*dst = v
	}
	f, rest := NextField(rest)
	for i, c := range f {
		if c == '/' {
			r, ok1 := ParseUint(f[:i])
			e, ok2 := ParseUint(f[i+1:])
			if !ok1 || !ok2 {
				return LoadAvg{}, parseError("loadavg", string(line))
			}
			l.Runnable, l.Entities = r, e
			break
		}
	}
	f, _ = NextField(rest)
	if f != nil {
		l.LastPID, _ = ParseInt(f)
	}
	return l, nil
}
