//go:build linux

package platform

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

func TestMountsHidePids(t *testing.T) {
	for _, c := range []struct {
		name, mounts string
		want         bool
	}{
		{"plain", "proc /proc proc rw,relatime 0 0\n", false},
		{"hidepid=2", "proc /proc proc rw,relatime,hidepid=2 0 0\n", true},
		{"hidepid=invisible", "proc /proc proc rw,hidepid=invisible,subset=pid 0 0\n", true},
		{"hidepid=noaccess", "proc /proc proc rw,hidepid=noaccess 0 0\n", true},
		{"hidepid=0", "proc /proc proc rw,hidepid=0 0 0\n", false},
		{"hidepid=off", "proc /proc proc rw,hidepid=off 0 0\n", false},
		{"another proc mount hides", "proc /proc proc rw 0 0\nproc /mnt/proc proc rw,hidepid=2 0 0\n", false},
		{"mounted over", "proc /proc proc rw 0 0\nproc /proc proc rw,gid=4,hidepid=2 0 0\n", true},
		{"among other options", "proc /proc proc rw,nosuid,nodev,noexec,relatime,hidepid=1 0 0\n", true},
		{"not proc", "tmpfs /proc tmpfs rw,hidepid=2 0 0\n", false},
		{"truncated", "proc /proc\n", false},
		{"empty", "", false},
	} {
		if got := mountsHidePids(procfs.ParseMounts([]byte(c.mounts), nil)); got != c.want {
			t.Errorf("%s: mountsHidePids = %v, want %v", c.name, got, c.want)
		}
	}
}

// statusIDs reads the Uid and Gid lines of /proc/<pid>/status: real,
// effective, saved each; ok is false when the process has gone.
func statusIDs(pid int) (ids [6]int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return ids, false
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		key, rest, _ := strings.Cut(line, ":")
		off := map[string]int{"Uid": 0, "Gid": 3}
		o, found := off[key]
		if !found {
			continue
		}
		for i, f := range strings.Fields(rest)[:3] {
			ids[o+i], _ = strconv.Atoi(f)
		}
	}
	return ids, true
}

// Every process's uids and gids from its pidfd equal the Uid and Gid
// lines of its status, read before and after (processes whose ids or
// existence changed meanwhile are left out), through a kept pidfd and a
// pidfd opened for the one call.
func TestPidfdCredsMatchStatus(t *testing.T) {
	s := New(LiveFS())
	if !pidfdCredsAllowed(s.FS()) {
		t.Skip("this kernel has no PIDFD_GET_INFO (Linux 6.13), or /proc hides pids: status is read, as other tests check")
	}
	withFilesBudget(t, 1<<20)
	procs, err := s.ProcessIter()
	if err != nil {
		t.Fatal(err)
	}
	defer s.ProcessIterCacheClear() // close what the table kept
	compared := 0
	for _, kept := range []bool{false, true} {
		for _, p := range procs {
			if !kept {
				p = s.newProcess(p.Pid())
			}
			before, ok1 := statusIDs(p.Pid())
			uids, err1 := p.Uids()
			gids, err2 := p.Gids()
			after, ok2 := statusIDs(p.Pid())
			if !ok1 || !ok2 || before != after {
				continue
			}
			if err1 != nil || err2 != nil {
				t.Errorf("pid %d (kept %v), alive throughout: uids %v, gids %v", p.Pid(), kept, err1, err2)
				continue
			}
			if kept && p.os.files.Load() == nil {
				t.Fatalf("pid %d: a process of the table keeps no files", p.Pid())
			}
			got := [6]int{uids.Real, uids.Effective, uids.Saved, gids.Real, gids.Effective, gids.Saved}
			if got != before {
				t.Errorf("pid %d (kept %v): uids, gids = %v from a pidfd, status says %v", p.Pid(), kept, got, before)
			}
			compared++
		}
	}
	if compared < 2*4 {
		t.Fatalf("compared %d processes, want at least 8", compared)
	}
}

// Where a pidfd can't answer, uids, gids and username come from status,
// and a process that has gone is NoSuchProcess either way.
func TestUidsWithoutPidfd(t *testing.T) {
	for _, off := range []bool{false, true} {
		was := pidfdCredsOff.Load()
		pidfdCredsOff.Store(off)
		s := New(LiveFS())
		child := procStart(t, []string{"sleep", "600"}, nil)
		p, err := s.NewProcess(child.Process.Pid)
		if err != nil {
			t.Fatal(err)
		}
		uids, err := p.Uids()
		if err != nil || uids.Real != os.Getuid() || uids.Effective != os.Geteuid() {
			t.Errorf("pidfd off %v: Uids() = %v, %v; want real %d, effective %d", off, uids, err, os.Getuid(), os.Geteuid())
		}
		gids, err := p.Gids()
		if err != nil || gids.Real != os.Getgid() || gids.Effective != os.Getegid() {
			t.Errorf("pidfd off %v: Gids() = %v, %v; want real %d, effective %d", off, gids, err, os.Getgid(), os.Getegid())
		}
		if err := child.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		_, _ = child.Process.Wait()
		var nsp *NoSuchProcess
		if _, err := p.Username(); !errors.As(err, &nsp) {
			t.Errorf("pidfd off %v: Username() of a reaped process = %v, want NoSuchProcess", off, err)
		}
		pidfdCredsOff.Store(was)
	}
}

// A thread's id has no pidfd of its own: its ids come from its status,
// and pidfds stay in use for the processes.
func TestUidsOfThreadID(t *testing.T) {
	s := New(LiveFS())
	if !pidfdCredsAllowed(s.FS()) {
		t.Skip("this kernel has no PIDFD_GET_INFO (Linux 6.13), or /proc hides pids: status is read, as other tests check")
	}
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		t.Fatal(err)
	}
	tid := 0
	for _, e := range tasks {
		if n, _ := strconv.Atoi(e.Name()); n != os.Getpid() {
			tid = n
			break
		}
	}
	if tid == 0 {
		t.Fatal("a Go test runs more than one thread; found none but the main one")
	}
	p := s.newProcess(tid)
	uids, err := p.Uids()
	if err != nil || uids.Real != os.Getuid() {
		t.Errorf("Uids() of thread %d = %v, %v; want real uid %d", tid, uids, err, os.Getuid())
	}
	if pidfdCredsOff.Load() {
		t.Error("a thread's id turned pidfd credentials off for every process")
	}
}
