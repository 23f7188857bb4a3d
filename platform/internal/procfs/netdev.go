package procfs

// /proc/net/dev: the traffic counters of every network interface of the
// reader's network namespace, one line each after two header lines
// (net/core/net-procfs.c, dev_seq_printf_stats).

// NetDev holds the counters of one interface, as the kernel counts them.
type NetDev struct {
	Name         string // interface name, e.g. "eth0", "eth0.100", "wlp0s20f3"
	RxBytes      uint64 // bytes received
	RxPackets    uint64 // packets received
	RxErrs       uint64 // receive errors
	RxDrop       uint64 // received packets dropped
	RxFifo       uint64 // receive FIFO overruns
	RxFrame      uint64 // receive framing errors
	RxCompressed uint64 // compressed packets received
	RxMulticast  uint64 // multicast packets received
	TxBytes      uint64 // bytes sent
	TxPackets    uint64 // packets sent
	TxErrs       uint64 // send errors
	TxDrop       uint64 // packets dropped on sending
	TxFifo       uint64 // send FIFO overruns
	TxColls      uint64 // collisions
	TxCarrier    uint64 // carrier losses
	TxCompressed uint64 // compressed packets sent
}

// ParseNetDev appends one NetDev per interface line of /proc/net/dev to
// dst[:0]. The kernel prints the name right-aligned in 6 columns and a
// colon, then the counters: a long name ("abcdefghijklmno:") or a counter
// wider than its column ("eth0:1234567890123") leaves no space after the
// colon, so the name ends at the last colon, as psutil splits it (names
// cannot contain one). Columns after the 16th are ignored; fewer is an error.
func ParseNetDev(b []byte, dst []NetDev) ([]NetDev, error) {
	dst = dst[:0]
	var f [20][]byte
	var err error
	n := 0
	Lines(b, func(line []byte) {
		n++
		if err != nil || n <= 2 || len(line) == 0 {
			return // the two header lines
		}
		colon := -1
		for i := len(line) - 1; i >= 0; i-- {
			if line[i] == ':' {
				colon = i
				break
			}
		}
		name := TrimSpace(line[:max(colon, 0)])
		fields := Fields(line[colon+1:], f[:0])
		if colon < 0 || len(name) == 0 || len(fields) < 16 {
			err = parseError("net/dev", string(line))
			return
		}
		d := NetDev{Name: string(name)}
		for i, p := range [16]*uint64{
			&d.RxBytes, &d.RxPackets, &d.RxErrs, &d.RxDrop, &d.RxFifo, &d.RxFrame, &d.RxCompressed, &d.RxMulticast,
			&d.TxBytes, &d.TxPackets, &d.TxErrs, &d.TxDrop, &d.TxFifo, &d.TxColls, &d.TxCarrier, &d.TxCompressed,
		} {
			v, ok := ParseUint(fields[i])
			if !ok {
				err = parseError("net/dev", string(line))
				return
			}
			*p = v
		}
		dst = append(dst, d)
	})
	return dst, err
}
