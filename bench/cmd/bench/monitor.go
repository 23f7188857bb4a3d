package main

import (
	"fmt"
	"strconv"
	"strings"
)

// monitorRow is one process of one refresh of a monitor's output.
type monitorRow struct {
	user string
	nice int
	ok   bool // user and nice were read (the row has every column)
}

// parseMonitor reads the refreshes of top.lua or top -b: each has a
// process table under a header line whose first column is PID, one row per
// process, ended by the first line that does not start with a pid. USER is
// the second column of both; NI the third of top.lua's and the fourth of
// top's. The last column (the name) may hold spaces.
func parseMonitor(tool string, out []byte) ([]map[int]monitorRow, error) {
	var frames []map[int]monitorRow
	var cur map[int]monitorRow
	ni, ncol := 0, 0
	for i, ln := range strings.Split(string(out), "\n") {
		f := strings.Fields(ln)
		switch {
		case len(f) > 0 && f[0] == "PID":
			cur = map[int]monitorRow{}
			frames = append(frames, cur)
			ni, ncol = -1, len(f)
			for j, h := range f {
				if h == "NI" {
					ni = j
				}
			}
			if ni < 0 || len(f) < 3 || f[1] != "USER" {
				return nil, fmt.Errorf("%s: line %d: a header without USER and NI: %q", tool, i+1, ln)
			}
		case cur != nil && len(f) > 0 && isDigits(f[0]):
			pid, _ := strconv.Atoi(f[0])
			if _, dup := cur[pid]; dup {
				return nil, fmt.Errorf("%s lists pid %d twice in refresh %d", tool, pid, len(frames))
			}
			r := monitorRow{}
			if len(f) >= ncol {
				var err error
				r.user = f[1]
				r.nice, err = strconv.Atoi(f[ni])
				r.ok = err == nil
			}
			cur[pid] = r
		default:
			cur = nil
		}
	}
	return frames, nil
}

// sameUser compares top.lua's user (its first 8 bytes) with top's (8
// columns, the eighth a "+" when cut).
func sameUser(lua, top string) bool {
	if len(top) == 8 && strings.HasSuffix(top, "+") {
		top = top[:7]
		return strings.HasPrefix(lua, top)
	}
	return lua == top
}

// checkMonitor: both monitors print the given number of refreshes; every
// refresh lists every process that ran the whole time, and only processes
// (no threads) besides those that started or exited meanwhile; in the last
// refresh, the two agree on each such process's user and nice.
func checkMonitor(refreshes int) checker {
	return func(c *checkCtx) (string, error) {
		var p problems
		st := stable(c.before, c.after)
		frames := map[string][]map[int]monitorRow{}
		for _, t := range sortedTools(c.outs) {
			fr, err := parseMonitor(t, c.outs[t])
			if err != nil {
				return "", err
			}
			if len(fr) != refreshes {
				p.addf("%s printed %d refreshes, want %d", t, len(fr), refreshes)
				continue
			}
			frames[t] = fr
			for i, rows := range fr {
				for pid, info := range st {
					if _, ok := rows[pid]; !ok {
						p.addf("%s: refresh %d does not list pid %d (%s), which ran the whole time", t, i+1, pid, info.comm)
					}
				}
				for pid := range rows {
					_, inBefore := c.before[pid]
					_, inAfter := c.after[pid]
					if !inBefore && !inAfter && isThread(pid) {
						p.addf("%s: refresh %d lists pid %d, a thread", t, i+1, pid)
					}
				}
			}
		}
		compared := 0
		if lua, top := frames[tLua], frames[tTop]; lua != nil && top != nil {
			l, t := lua[len(lua)-1], top[len(top)-1]
			for pid := range st {
				a, b := l[pid], t[pid]
				if !a.ok || !b.ok {
					continue
				}
				compared++
				if !sameUser(a.user, b.user) {
					p.addf("pid %d belongs to %q for %s, %q for %s", pid, a.user, tLua, b.user, tTop)
				}
				if a.nice != b.nice {
					p.addf("pid %d has nice %d for %s, %d for %s", pid, a.nice, tLua, b.nice, tTop)
				}
			}
		}
		if err := p.err(); err != nil {
			return "", err
		}
		return fmt.Sprintf("%d refreshes from each tool, each listing all %d processes that ran throughout, with the same user and nice in the last (%d compared)",
			refreshes, len(st), compared), nil
	}
}
