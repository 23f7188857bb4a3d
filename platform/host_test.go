//go:build linux

package platform

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
	"github.com/psulua/psulua/platform/internal/utmp"
)

func TestBootTimeFixture(t *testing.T) {
	got, err := fixture(t, "host-btime").BootTime()
	if err != nil {
		t.Fatal(err)
	}
	if got != 1795604172 {
		t.Errorf("BootTime() = %v, want 1795604172", got)
	}
}

func TestBootTimeErrors(t *testing.T) {
	dir := t.TempDir()
	s := New(FixtureFS(dir))
	if _, err := s.BootTime(); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("no /proc/stat: error %v, want ErrNotExist", err)
	}
	if err := os.Mkdir(filepath.Join(dir, "proc"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "proc", "stat"), []byte("cpu  1 2 3 4\nctxt 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// psutil raises RuntimeError("line 'btime' not found in ...").
	if _, err := s.BootTime(); !errors.Is(err, procfs.ErrFileParse) {
		t.Errorf("no btime line: error %v, want ErrFileParse", err)
	}
}

func hostStr(s string) *string { return &s }

// The host-utmp fixture holds, in order: a BOOT_TIME and a RUN_LVL record,
// agetty's LOGIN_PROCESS on tty1, alice's ssh session from 203.0.113.7, a
// DEAD_PROCESS left by an ended session on pts/1, and bob's X session on
// tty7, display ":0".
func TestUsersFixture(t *testing.T) {
	got, err := fixture(t, "host-utmp").Users()
	if err != nil {
		t.Fatal(err)
	}
	want := []User{
		{Name: "alice", Terminal: hostStr("pts/0"), Host: hostStr("203.0.113.7"), Started: 1714552021, Pid: 1342},
		{Name: "bob", Terminal: hostStr("tty7"), Host: hostStr("localhost"), Started: 1714553277, Pid: 1517},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %s\nwant %s", hostUsersString(got), hostUsersString(want))
	}
}

func TestUsersNoUtmp(t *testing.T) {
	// No utmp file (containers, this build machine): psutil returns [].
	got, err := fixture(t, "host-btime").Users()
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("Users() = %#v, %v; want an empty list", got, err)
	}
}

func TestUsersFromRecords(t *testing.T) {
	tests := []struct {
		name string
		rec  utmp.Record
		want []User
	}{
		{
			name: "X display :0.0 is localhost",
			rec:  utmp.Record{Type: utmp.UserProcess, User: "carol", Line: ":0", Host: ":0.0", Sec: 10, Usec: 999999, Pid: 3},
			want: []User{{Name: "carol", Terminal: hostStr(":0"), Host: hostStr("localhost"), Started: 10, Pid: 3}},
		},
		{
			name: "console login without host is localhost",
			rec:  utmp.Record{Type: utmp.UserProcess, User: "root", Line: "tty1", Sec: 20, Pid: 4},
			want: []User{{Name: "root", Terminal: hostStr("tty1"), Host: hostStr("localhost"), Started: 20, Pid: 4}},
		},
		{
			name: "no terminal is None",
			rec:  utmp.Record{Type: utmp.UserProcess, User: "dave", Host: "::1", Sec: 30, Pid: 5},
			want: []User{{Name: "dave", Host: hostStr("::1"), Started: 30, Pid: 5}},
		},
		{
			name: "display :1 is kept",
			rec:  utmp.Record{Type: utmp.UserProcess, User: "erin", Line: "tty8", Host: ":1", Sec: 40, Pid: 6},
			want: []User{{Name: "erin", Terminal: hostStr("tty8"), Host: hostStr(":1"), Started: 40, Pid: 6}},
		},
		{
			name: "init process is skipped",
			rec:  utmp.Record{Type: utmp.InitProcess, User: "x", Line: "tty2", Pid: 7},
			want: []User{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := hostUsersFrom([]utmp.Record{tt.rec})
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %s\nwant %s", hostUsersString(got), hostUsersString(tt.want))
			}
		})
	}
}

func hostUsersString(us []User) string {
	s := "["
	for i, u := range us {
		if i > 0 {
			s += ", "
		}
		term, host := "None", "None"
		if u.Terminal != nil {
			term = *u.Terminal
		}
		if u.Host != nil {
			host = *u.Host
		}
		s += fmt.Sprintf("%s@%s from %s pid %d started %v", u.Name, term, host, u.Pid, u.Started)
	}
	return s + "]"
}
