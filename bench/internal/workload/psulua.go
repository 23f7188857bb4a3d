package workload

import (
	"bufio"
	"io"

	"github.com/psulua/psulua/platform"
)

// PsuluaPs lists every process with psulua's platform package: process_iter
// with the ps attributes, then the getters, which return the prefetched
// values.
func PsuluaPs(sys *platform.System, w io.Writer) error {
	procs, err := sys.ProcessIterAttrs(PsAttrs)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	l := make(line, 0, 512)
	for _, p := range procs {
		l = l[:0].int(int64(p.Pid())).tab()
		if v, err := p.Ppid(); err == nil {
			l = l.int(int64(v))
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.Name(); err == nil {
			l = l.str(v)
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.Username(); err == nil {
			l = l.str(v)
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.Status(); err == nil {
			l = l.str(v)
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.CPUTimes(); err == nil {
			l = l.f2(v.User).tab().f2(v.System)
		} else {
			l = l.str("?\t?")
		}
		l = l.tab()
		if v, err := p.MemoryInfo(); err == nil {
			l = l.uint(v.RSS).tab().uint(v.VMS)
		} else {
			l = l.str("?\t?")
		}
		l = l.tab()
		if v, err := p.NumThreads(); err == nil {
			l = l.int(int64(v))
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.CreateTime(); err == nil {
			l = l.f2(v)
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.Cmdline(); err == nil {
			for i, a := range v {
				if i > 0 {
					l = append(l, ' ')
				}
				l = l.str(a)
			}
		} else {
			l = l.str("?")
		}
		l = append(l, '\n')
		bw.Write(l)
	}
	return bw.Flush()
}

// PsuluaSys prints the system snapshot with psulua's platform package.
func PsuluaSys(sys *platform.System, w io.Writer) error {
	bw := bufio.NewWriterSize(w, 16<<10)
	l := make(line, 0, 256)
	emit := func() { bw.Write(append(l, '\n')) }

	cpus, err := sys.PerCPUTimes()
	if err != nil {
		return err
	}
	for i, c := range cpus {
		l = l[:0].str("cpu\t").int(int64(i)).tab().f2(c.User).tab().f2(c.System).tab().f2(c.Idle)
		emit()
	}
	vm, err := sys.VirtualMemory()
	if err != nil {
		return err
	}
	l = l[:0].str("vmem\t").uint(vm.Total).tab().uint(vm.Available).tab().f1(vm.Percent).tab().uint(vm.Used).tab().uint(vm.Free)
	emit()
	sw, err := sys.SwapMemory()
	if err != nil {
		return err
	}
	l = l[:0].str("swap\t").uint(sw.Total).tab().uint(sw.Used).tab().uint(sw.Free).tab().f1(sw.Percent)
	emit()
	parts, err := sys.DiskPartitions(false)
	if err != nil {
		return err
	}
	for _, p := range parts {
		l = l[:0].str("part\t").str(p.Device).tab().str(p.Mountpoint).tab().str(p.Fstype).tab().str(p.Opts)
		emit()
	}
	du, err := sys.DiskUsage("/")
	if err != nil {
		return err
	}
	l = l[:0].str("usage\t/\t").uint(du.Total).tab().int(du.Used).tab().uint(du.Free).tab().f1(du.Percent)
	emit()
	disks, err := sys.PerDiskIOCounters(true)
	if err != nil {
		return err
	}
	for name, d := range disks {
		l = l[:0].str("disk\t").str(name).tab().uint(d.ReadCount).tab().uint(d.WriteCount).tab().uint(d.ReadBytes).tab().uint(d.WriteBytes)
		emit()
	}
	nics, err := sys.PerNicIOCounters(true)
	if err != nil {
		return err
	}
	for name, n := range nics {
		l = l[:0].str("nic\t").str(name).tab().uint(n.BytesSent).tab().uint(n.BytesRecv).tab().uint(n.PacketsSent).tab().uint(n.PacketsRecv)
		emit()
	}
	addrs, err := sys.NetIfAddrs()
	if err != nil {
		return err
	}
	for name, as := range addrs {
		for _, a := range as {
			l = l[:0].str("addr\t").str(name).tab().int(int64(a.Family)).tab().str(strOr(a.Address, "")).tab().str(strOr(a.Netmask, ""))
			emit()
		}
	}
	bt, err := sys.BootTime()
	if err != nil {
		return err
	}
	l = l[:0].str("boot\t").f2(bt)
	emit()
	users, err := sys.Users()
	if err != nil {
		return err
	}
	for _, u := range users {
		l = l[:0].str("user\t").str(u.Name).tab().str(strOr(u.Terminal, "")).tab().str(strOr(u.Host, "")).tab().f2(u.Started)
		emit()
	}
	return bw.Flush()
}

func strOr(p *string, def string) string {
	if p == nil {
		return def
	}
	return *p
}

// PsuluaConn prints net_connections('inet') with psulua's platform package.
func PsuluaConn(sys *platform.System, w io.Writer) error {
	conns, err := sys.NetConnections("inet")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	l := make(line, 0, 256)
	for _, c := range conns {
		l = l[:0].int(int64(c.Fd)).tab().int(int64(c.Family)).tab().int(int64(c.Type)).tab().
			addr(c.Laddr.IP, c.Laddr.Port).tab().addr(c.Raddr.IP, c.Raddr.Port).tab().str(c.Status).tab()
		if c.Pid != nil {
			l = l.int(int64(*c.Pid))
		} else {
			l = l.str("-")
		}
		bw.Write(append(l, '\n'))
	}
	return bw.Flush()
}
