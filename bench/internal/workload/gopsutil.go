package workload

import (
	"bufio"
	"errors"
	"io"
	"io/fs"
	"strings"

	"github.com/shirou/gopsutil/v4/cpu"
	"github.com/shirou/gopsutil/v4/disk"
	"github.com/shirou/gopsutil/v4/host"
	"github.com/shirou/gopsutil/v4/mem"
	"github.com/shirou/gopsutil/v4/net"
	"github.com/shirou/gopsutil/v4/process"
)

// GopsutilPs lists every process with gopsutil: process.Processes(), then
// the getter of each field (gopsutil has no oneshot).
func GopsutilPs(w io.Writer) error {
	procs, err := process.Processes()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	l := make(line, 0, 512)
	for _, p := range procs {
		ppid, err := p.Ppid()
		if err != nil {
			continue // gone since Processes()
		}
		l = l[:0].int(int64(p.Pid)).tab().int(int64(ppid)).tab()
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
		if v, err := p.Status(); err == nil && len(v) > 0 {
			l = l.str(v[0])
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.Times(); err == nil {
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
		if v, err := p.CreateTime(); err == nil { // milliseconds
			l = l.f2(float64(v) / 1000)
		} else {
			l = l.str("?")
		}
		l = l.tab()
		if v, err := p.CmdlineSlice(); err == nil {
			for i, a := range v {
				if i > 0 {
					l = append(l, ' ')
				}
				l = l.str(a)
			}
		} else {
			l = l.str("?")
		}
		bw.Write(append(l, '\n'))
	}
	return bw.Flush()
}

// GopsutilSys prints the system snapshot with gopsutil.
func GopsutilSys(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 16<<10)
	l := make(line, 0, 256)
	emit := func() { bw.Write(append(l, '\n')) }

	cpus, err := cpu.Times(true)
	if err != nil {
		return err
	}
	for i, c := range cpus {
		l = l[:0].str("cpu\t").int(int64(i)).tab().f2(c.User).tab().f2(c.System).tab().f2(c.Idle)
		emit()
	}
	vm, err := mem.VirtualMemory()
	if err != nil {
		return err
	}
	l = l[:0].str("vmem\t").uint(vm.Total).tab().uint(vm.Available).tab().f1(vm.UsedPercent).tab().uint(vm.Used).tab().uint(vm.Free)
	emit()
	sw, err := mem.SwapMemory()
	if err != nil {
		return err
	}
	l = l[:0].str("swap\t").uint(sw.Total).tab().uint(sw.Used).tab().uint(sw.Free).tab().f1(sw.UsedPercent)
	emit()
	parts, err := disk.Partitions(false)
	if err != nil {
		return err
	}
	for _, p := range parts {
		l = l[:0].str("part\t").str(p.Device).tab().str(p.Mountpoint).tab().str(p.Fstype).tab().str(strings.Join(p.Opts, ","))
		emit()
	}
	du, err := disk.Usage("/")
	if err != nil {
		return err
	}
	l = l[:0].str("usage\t/\t").uint(du.Total).tab().uint(du.Used).tab().uint(du.Free).tab().f1(du.UsedPercent)
	emit()
	disks, err := disk.IOCounters()
	if err != nil {
		return err
	}
	for name, d := range disks {
		l = l[:0].str("disk\t").str(name).tab().uint(d.ReadCount).tab().uint(d.WriteCount).tab().uint(d.ReadBytes).tab().uint(d.WriteBytes)
		emit()
	}
	nics, err := net.IOCounters(true)
	if err != nil {
		return err
	}
	for _, n := range nics {
		l = l[:0].str("nic\t").str(n.Name).tab().uint(n.BytesSent).tab().uint(n.BytesRecv).tab().uint(n.PacketsSent).tab().uint(n.PacketsRecv)
		emit()
	}
	ifs, err := net.Interfaces()
	if err != nil {
		return err
	}
	for _, i := range ifs {
		for _, a := range i.Addrs {
			ip, mask, _ := strings.Cut(a.Addr, "/")
			family := 2 // AF_INET
			if strings.Contains(ip, ":") {
				family = 10 // AF_INET6
			}
			l = l[:0].str("addr\t").str(i.Name).tab().int(int64(family)).tab().str(ip).tab().str(mask)
			emit()
		}
		if i.HardwareAddr != "" {
			l = l[:0].str("addr\t").str(i.Name).tab().str("17\t").str(i.HardwareAddr).tab()
			emit()
		}
	}
	bt, err := host.BootTime()
	if err != nil {
		return err
	}
	l = l[:0].str("boot\t").f2(float64(bt))
	emit()
	users, err := host.Users()
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err // with no utmp, psutil says [] where gopsutil fails
	}
	for _, u := range users {
		l = l[:0].str("user\t").str(u.User).tab().str(u.Terminal).tab().str(u.Host).tab().f2(float64(u.Started))
		emit()
	}
	return bw.Flush()
}

// GopsutilConn prints net.Connections("inet") with gopsutil.
func GopsutilConn(w io.Writer) error {
	conns, err := net.Connections("inet")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	l := make(line, 0, 256)
	for _, c := range conns {
		l = l[:0].int(int64(int32(c.Fd))).tab().int(int64(c.Family)).tab().int(int64(c.Type)).tab().
			addr(c.Laddr.IP, int(c.Laddr.Port)).tab().addr(c.Raddr.IP, int(c.Raddr.Port)).tab().str(c.Status).tab()
		if c.Pid != 0 {
			l = l.int(int64(c.Pid))
		} else {
			l = l.str("-")
		}
		bw.Write(append(l, '\n'))
	}
	return bw.Flush()
}
