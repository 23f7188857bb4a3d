package main

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
)

// procInfo is what the driver's own look at /proc records of a process.
type procInfo struct {
	start uint64 // start time in clock ticks: with the pid, its identity
	ppid  int
	comm  string
}

type procSnap map[int]procInfo

// takeSnapshot reads the pid, start time, parent and name of every process.
func takeSnapshot() (procSnap, error) {
	d, err := os.Open("/proc")
	if err != nil {
		return nil, err
	}
	names, err := d.Readdirnames(-1)
	d.Close()
	if err != nil {
		return nil, err
	}
	snap := procSnap{}
	for _, n := range names {
		pid, err := strconv.Atoi(n)
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + n + "/stat")
		if err != nil {
			continue // gone
		}
		open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
		if open < 0 || end < open {
			continue
		}
		f := strings.Fields(string(b[end+1:]))
		if len(f) < 20 {
			continue
		}
		ppid, _ := strconv.Atoi(f[1])
		start, _ := strconv.ParseUint(f[19], 10, 64)
		snap[pid] = procInfo{start: start, ppid: ppid, comm: string(b[open+1 : end])}
	}
	return snap, nil
}

// stable are the processes that ran the whole time the tools did: in both
// snapshots, with the same start time.
func stable(before, after procSnap) map[int]procInfo {
	st := map[int]procInfo{}
	for pid, a := range before {
		if b, ok := after[pid]; ok && a.start == b.start {
			st[pid] = a
		}
	}
	return st
}

// isThread reports whether pid is a thread of another process (/proc lets
// one open /proc/<tid> though it does not list it).
func isThread(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return false
	}
	i := bytes.Index(b, []byte("\nTgid:"))
	if i < 0 {
		return false
	}
	tgid, _ := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b[i+6:]), "\n", 2)[0]))
	return tgid != pid
}

// problems collects disagreements, keeping the first few.
type problems struct {
	list []string
	n    int
}

func (p *problems) addf(format string, args ...any) {
	p.n++
	if len(p.list) < 25 {
		p.list = append(p.list, fmt.Sprintf(format, args...))
	}
}

func (p *problems) err() error {
	if p.n == 0 {
		return nil
	}
	msg := strings.Join(p.list, "\n")
	if p.n > len(p.list) {
		msg += fmt.Sprintf("\n... and %d more", p.n-len(p.list))
	}
	return fmt.Errorf("%s", msg)
}

// psRow is one line of the ps listing.
type psRow struct {
	pid, ppid          int
	name, user, status string
	ctime              float64
	cmdline            string
	unreadable         int // fields printed as "?"
}

// parsePs reads a tool's listing: the tab-separated format of
// bench/internal/workload, or procps's columns (pid and ppid only: comm
// and args may hold spaces; procps escapes control characters).
//
// The tools print names and command lines as they are, and both may hold
// newlines (bash -c 'a<newline>b'; a program named "a b) (c<newline>"): a
// line that is not a whole record is joined, with its newline, to the
// record it breaks (one that does not have its 12 fields yet), or else to
// the command line of the record before.
func parsePs(tool string, out []byte) (map[int]psRow, error) {
	rows := map[int]psRow{}
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if tool == tPs && len(lines) > 0 {
		lines = lines[1:] // the header
	}
	last, pending := -1, ""
	for i, ln := range lines {
		var r psRow
		var err error
		if tool == tPs {
			f := strings.Fields(ln)
			if len(f) < 11 {
				return nil, fmt.Errorf("%s: line %d has %d columns: %q", tool, i+1, len(f), ln)
			}
			if r.pid, err = strconv.Atoi(f[0]); err == nil {
				r.ppid, err = strconv.Atoi(f[1])
			}
		} else {
			if pending != "" {
				ln, pending = pending+"\n"+ln, ""
			}
			f := strings.SplitN(ln, "\t", 12)
			switch {
			case len(f) == 12 && isDigits(f[0]):
			case isDigits(f[0]) && len(f) > 1:
				pending = ln // a record broken by a newline in a field
				continue
			case last >= 0:
				prev := rows[last]
				prev.cmdline += "\n" + ln
				rows[last] = prev
				continue
			default:
				return nil, fmt.Errorf("%s: line %d has %d fields, want 12: %q", tool, i+1, len(f), ln)
			}
			for _, v := range f {
				if v == "?" {
					r.unreadable++
				}
			}
			r.name, r.user, r.status, r.cmdline = f[2], f[3], f[4], f[11]
			if r.pid, err = strconv.Atoi(f[0]); err == nil {
				if r.ppid, err = strconv.Atoi(f[1]); err == nil {
					r.ctime, err = strconv.ParseFloat(f[10], 64)
				}
			}
		}
		if err != nil {
			return nil, fmt.Errorf("%s: line %d: %v: %q", tool, i+1, err, ln)
		}
		if _, dup := rows[r.pid]; dup {
			return nil, fmt.Errorf("%s lists pid %d twice", tool, r.pid)
		}
		rows[r.pid] = r
		last = r.pid
	}
	if pending != "" {
		return nil, fmt.Errorf("%s: the last record is cut short: %q", tool, pending)
	}
	return rows, nil
}

func sortedTools(outs map[string][]byte) []string {
	var ts []string
	for t := range outs {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// checkPs: every tool lists every process that ran the whole time, and
// only processes (no threads) besides those that started or exited
// meanwhile; parents agree with /proc; names, users, start times and
// command lines agree between the tools that print them.
func checkPs(c *checkCtx) (string, error) {
	var p problems
	st := stable(c.before, c.after)
	rows := map[string]map[int]psRow{}
	tools := sortedTools(c.outs)
	for _, t := range tools {
		r, err := parsePs(t, c.outs[t])
		if err != nil {
			return "", err
		}
		rows[t] = r
	}
	extra := map[int]bool{}
	for _, t := range tools {
		for pid, info := range st {
			if _, ok := rows[t][pid]; !ok {
				p.addf("%s does not list pid %d (%s), which ran the whole time", t, pid, info.comm)
			}
		}
		for pid, r := range rows[t] {
			info, ok := st[pid]
			if !ok {
				extra[pid] = true
				_, inBefore := c.before[pid]
				_, inAfter := c.after[pid]
				if !inBefore && !inAfter && isThread(pid) {
					p.addf("%s lists pid %d, a thread", t, pid)
				}
				continue
			}
			if r.ppid != info.ppid && r.ppid != c.after[pid].ppid {
				p.addf("%s: pid %d has ppid %d, /proc says %d", t, pid, r.ppid, info.ppid)
			}
		}
	}
	// Fields printed by the tab-separated tools, compared with psulua-lua's.
	ref := rows[tLua]
	unreadable := 0
	for _, t := range tools {
		if t == tPs {
			continue
		}
		for pid, info := range st {
			r, ok := rows[t][pid]
			w, ok2 := ref[pid]
			if !ok || !ok2 {
				continue
			}
			unreadable += r.unreadable
			if c.before[pid].comm == c.after[pid].comm {
				k := min(15, len(info.comm))
				if !strings.HasPrefix(stableName(r.name), stableName(info.comm[:k])) {
					p.addf("%s: pid %d is named %q, /proc says %q", t, pid, r.name, info.comm)
				}
				if t != tLua && stableName(r.name) != stableName(w.name) {
					p.addf("%s: pid %d is named %q, %s says %q", t, pid, r.name, tLua, w.name)
				}
				// gopsutil drops empty arguments: compare the words. A
				// zombie's command line is [] for psutil < 5.9.5 and
				// gopsutil, ZombieProcess (?) for psutil 8 and psulua.
				zombie := r.status == "zombie" || w.status == "zombie"
				if t != tLua && !zombie && strings.Join(strings.Fields(r.cmdline), " ") != strings.Join(strings.Fields(w.cmdline), " ") {
					p.addf("%s: pid %d has cmdline %q, %s says %q", t, pid, r.cmdline, tLua, w.cmdline)
				}
			}
			if t != tLua && r.user != w.user {
				p.addf("%s: pid %d belongs to %q, %s says %q", t, pid, r.user, tLua, w.user)
			}
			if t != tLua && math.Abs(r.ctime-w.ctime) > 0.011 {
				p.addf("%s: pid %d started at %.2f, %s says %.2f", t, pid, r.ctime, tLua, w.ctime)
			}
		}
	}
	if err := p.err(); err != nil {
		return "", err
	}
	note := fmt.Sprintf("%d processes that ran throughout listed by all %d tools, with the same parent, name, user, start time and command line; %d more started or exited meanwhile",
		len(st), len(tools), len(extra))
	if unreadable > 0 {
		note += fmt.Sprintf("; %d values unreadable (?)", unreadable)
	}
	return note, nil
}

// sysOut is a system snapshot as the check compares it.
type sysOut struct {
	cpus                       int
	vmemTotal, swapTotal, du   string
	boot                       float64
	users                      int
	parts, mounts, disks, nics map[string]bool
	addrs                      map[string]bool // nic family address, without the %zone
}

func parseSys(tool string, out []byte) (*sysOut, error) {
	s := &sysOut{parts: map[string]bool{}, mounts: map[string]bool{}, disks: map[string]bool{}, nics: map[string]bool{}, addrs: map[string]bool{}}
	for i, ln := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		f := strings.Split(ln, "\t")
		bad := func(n int) bool { return len(f) < n }
		switch {
		case f[0] == "cpu" && !bad(5):
			s.cpus++
		case f[0] == "vmem" && !bad(6):
			s.vmemTotal = f[1]
		case f[0] == "swap" && !bad(5):
			s.swapTotal = f[1]
		case f[0] == "part" && !bad(5):
			s.parts[f[1]+" "+f[2]+" "+f[3]] = true
			s.mounts[f[2]] = true
		case f[0] == "usage" && !bad(6):
			s.du = f[2]
		case f[0] == "disk" && !bad(6):
			s.disks[f[1]] = true
		case f[0] == "nic" && !bad(6):
			s.nics[f[1]] = true
		case f[0] == "addr" && !bad(5):
			addr, _, _ := strings.Cut(f[3], "%")
			s.addrs[f[1]+" "+f[2]+" "+addr] = true
		case f[0] == "boot" && !bad(2):
			s.boot, _ = strconv.ParseFloat(f[1], 64)
		case f[0] == "user" && !bad(5):
			s.users++
		default:
			return nil, fmt.Errorf("%s: line %d: %q", tool, i+1, ln)
		}
	}
	return s, nil
}

func setDiff(a, b map[string]bool) []string {
	var d []string
	for k := range a {
		if !b[k] {
			d = append(d, k)
		}
	}
	sort.Strings(d)
	return d
}

// checkSys: python psutil and psulua (Lua and Go) agree on every part of
// the snapshot that does not move; gopsutil on what it reports the same
// way (it leaves out idle disks, netmasks as prefixes, no utmp: no users).
func checkSys(c *checkCtx) (string, error) {
	var p problems
	outs := map[string]*sysOut{}
	for _, t := range sortedTools(c.outs) {
		s, err := parseSys(t, c.outs[t])
		if err != nil {
			return "", err
		}
		outs[t] = s
	}
	ref := outs[tLua]
	for t, s := range outs {
		if t == tLua {
			continue
		}
		same := func(what string, a, b any) {
			if a != b {
				p.addf("%s: %s is %v, %s says %v", t, what, a, tLua, b)
			}
		}
		sameSet := func(what string, a, b map[string]bool) {
			if d := setDiff(a, b); len(d) > 0 {
				p.addf("%s: %s %q, which %s does not list", t, what, d, tLua)
			}
			if d := setDiff(b, a); len(d) > 0 {
				p.addf("%s: no %s %q, which %s lists", t, what, d, tLua)
			}
		}
		same("cpu_times(percpu) length", s.cpus, ref.cpus)
		same("virtual_memory().total", s.vmemTotal, ref.vmemTotal)
		same("swap_memory().total", s.swapTotal, ref.swapTotal)
		same("disk_usage('/').total", s.du, ref.du)
		if math.Abs(s.boot-ref.boot) > 1 {
			p.addf("%s: boot_time is %.2f, %s says %.2f", t, s.boot, tLua, ref.boot)
		}
		sameSet("NIC", s.nics, ref.nics)
		sameSet("mount point", s.mounts, ref.mounts)
		if t == tGopsutil {
			if d := setDiff(s.disks, ref.disks); len(d) > 0 {
				p.addf("%s: disks %q, which %s does not list", t, d, tLua)
			}
			if d := setDiff(s.addrs, ref.addrs); len(d) > 0 {
				p.addf("%s: addresses %q, which %s does not list", t, d, tLua)
			}
			continue
		}
		sameSet("partition", s.parts, ref.parts)
		sameSet("disk", s.disks, ref.disks)
		sameSet("address", s.addrs, ref.addrs)
		same("number of users", s.users, ref.users)
	}
	if err := p.err(); err != nil {
		return "", err
	}
	note := fmt.Sprintf("%d CPUs, %d partitions, %d disks, %d NICs, %d addresses, %d users, the same memory and disk totals and boot time for psulua (Lua and Go) and python psutil",
		ref.cpus, len(ref.parts), len(ref.disks), len(ref.nics), len(ref.addrs), ref.users)
	if g := outs[tGopsutil]; g != nil {
		note += fmt.Sprintf("; gopsutil agrees on those it reports the same way (it lists %d of the disks, the busy ones, and %d of the addresses)",
			len(g.disks), len(g.addrs))
	}
	return note, nil
}

// connRow is one socket of a tool's net_connections('inet').
type connRow struct {
	proto, laddr, raddr, status string
	pid                         int // 0: unknown
}

// normAddr writes an address as psutil does: "ip:port", "-" for none.
// ss's "[::1]:22", "0.0.0.0%lo:53", "*:22" and "0.0.0.0:*" become
// "::1:22", "0.0.0.0:53", "::22" and "-"; gopsutil's "0.0.0.0:0" for
// no peer becomes "-".
func normAddr(a string) string {
	if a == "-" || strings.HasSuffix(a, ":*") {
		return "-"
	}
	i := strings.LastIndexByte(a, ':')
	if i < 0 {
		return a
	}
	ip, port := a[:i], a[i+1:]
	if j := strings.IndexByte(ip, '%'); j >= 0 {
		ip = ip[:j]
	}
	ip = strings.TrimSuffix(strings.TrimPrefix(ip, "["), "]")
	if ip == "*" {
		ip = "::"
	}
	if port == "0" && (ip == "0.0.0.0" || ip == "::") {
		return "-"
	}
	return ip + ":" + port
}

func parseConn(tool string, out []byte) ([]connRow, error) {
	var rows []connRow
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if (tool == tSs || tool == tSsTCP) && len(lines) > 0 {
		lines = lines[1:]
	}
	for i, ln := range lines {
		if ln == "" {
			continue
		}
		var r connRow
		if tool == tSsTCP { // ss -tanp: no Netid column
			ln = "tcp " + ln
		}
		if tool == tSs || tool == tSsTCP {
			f := strings.Fields(ln)
			if len(f) < 6 {
				return nil, fmt.Errorf("%s: line %d: %q", tool, i+1, ln)
			}
			r.proto, r.status = f[0], f[1]
			r.laddr, r.raddr = normAddr(f[4]), normAddr(f[5])
			if j := strings.Index(ln, "pid="); j >= 0 {
				r.pid, _ = strconv.Atoi(strings.SplitN(ln[j+4:], ",", 2)[0])
			}
			switch r.status {
			case "ESTAB":
				r.status = "ESTABLISHED"
			case "UNCONN":
				r.status = "NONE"
			}
		} else {
			f := strings.Split(ln, "\t")
			if len(f) != 7 {
				return nil, fmt.Errorf("%s: line %d has %d fields, want 7: %q", tool, i+1, len(f), ln)
			}
			switch f[2] {
			case "1":
				r.proto = "tcp"
			case "2":
				r.proto = "udp"
			default:
				return nil, fmt.Errorf("%s: line %d: socket type %s", tool, i+1, f[2])
			}
			r.laddr, r.raddr, r.status = normAddr(f[3]), normAddr(f[4]), f[5]
			if f[6] != "-" {
				r.pid, _ = strconv.Atoi(f[6])
			}
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// checkConn: every tool lists the same listening (and unconnected UDP)
// sockets, and, when loaded, every one of the driver's connections with
// the driver's pid.
func checkConn(c *checkCtx) (string, error) {
	var p problems
	tools := sortedTools(c.outs)
	listen := map[string]map[string]bool{}
	total := 0
	for _, t := range tools {
		rows, err := parseConn(t, c.outs[t])
		if err != nil {
			return "", err
		}
		if t == tLua {
			total = len(rows)
		}
		listen[t] = map[string]bool{}
		mine := map[[2]string]bool{}
		for _, r := range rows {
			if r.status == "LISTEN" || (r.proto == "udp" && r.raddr == "-") {
				listen[t][r.proto+" "+r.laddr] = true
			}
			if c.load != nil && c.load.pairs[[2]string{r.laddr, r.raddr}] {
				if r.pid != c.self {
					p.addf("%s: %s -> %s has pid %d, not the bench's %d", t, r.laddr, r.raddr, r.pid, c.self)
				}
				mine[[2]string{r.laddr, r.raddr}] = true
			}
		}
		if c.load != nil {
			if len(mine) != len(c.load.pairs) {
				p.addf("%s lists %d of the %d sockets of the bench's connections", t, len(mine), len(c.load.pairs))
			}
			if a := c.load.listenAddr(); a != "" && !listen[t]["tcp "+a] {
				p.addf("%s does not list the bench's listening socket %s", t, a)
			}
		}
	}
	for _, t := range tools {
		ref := listen[tLua]
		if t == tSsTCP {
			ref = map[string]bool{}
			for k := range listen[tLua] {
				if strings.HasPrefix(k, "tcp ") {
					ref[k] = true
				}
			}
		}
		if d := setDiff(listen[t], ref); len(d) > 0 {
			p.addf("%s: listening sockets %q, which %s does not list", t, d, tLua)
		}
		if d := setDiff(ref, listen[t]); len(d) > 0 {
			p.addf("%s: no listening sockets %q, which %s lists", t, d, tLua)
		}
	}
	if err := p.err(); err != nil {
		return "", err
	}
	note := fmt.Sprintf("%d sockets (psulua-lua), the same %d listening for every tool (the TCP ones for `ss -tanp`)", total, len(listen[tLua]))
	if c.load != nil {
		note += fmt.Sprintf(", and all %d sockets of the bench's %d connections with its pid", len(c.load.pairs), len(c.load.pairs)/2)
	}
	return note, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// stableName is a process name without what changes as it runs: a kernel
// worker thread names itself after the work queue it serves at the moment
// ("kworker/u8:0-events_unbound"), so only "kworker/u8:0" is compared.
func stableName(name string) string {
	if strings.HasPrefix(name, "kworker/") {
		if i := strings.IndexByte(name, '-'); i > 0 {
			return name[:i]
		}
	}
	return name
}
