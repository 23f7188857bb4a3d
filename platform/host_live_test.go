//go:build linux

package platform

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/psulua/psulua/platform/internal/utmp"
)

func TestBootTimeLive(t *testing.T) {
	got, err := Default.BootTime()
	if err != nil {
		t.Fatal(err)
	}
	var py float64
	pyPsutil(t, "psutil.boot_time()", &py)
	if math.Abs(got-py) > 1 {
		t.Errorf("boot_time: ours %v, psutil %v", got, py)
	}
	// uptime -s prints the boot time in local time, computed from
	// /proc/uptime rather than btime: the two agree within a second.
	out, err := exec.Command("uptime", "-s").Output()
	if err != nil {
		t.Fatalf("uptime -s: %v", err)
	}
	out, err = exec.Command("date", "-d", strings.TrimSpace(string(out)), "+%s").Output()
	if err != nil {
		t.Fatalf("date: %v", err)
	}
	up, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil || math.Abs(got-up) > 1 {
		t.Errorf("boot_time: ours %v, uptime -s %v (%v)", got, up, err)
	}
}

type hostPyUser struct {
	Name     string
	Terminal *string
	Host     *string
	Started  float64
	Pid      int
}

// hostCompareUsers compares with python3-psutil 5.9.4, which differs from
// psutil 8 in two ways: it passes started through a C float (to 128 s at
// today's epoch; fixed in psutil 5.9.6, #2225), and keeps an empty host as
// "" where psutil 5.9.7+ says "localhost".
func hostCompareUsers(t *testing.T, ours []User, py []hostPyUser) {
	t.Helper()
	if len(ours) != len(py) {
		t.Fatalf("users: ours %s, psutil %d entries %+v", hostUsersString(ours), len(py), py)
	}
	for i, u := range ours {
		p := py[i]
		host := *p.Host
		if host == "" {
			host = "localhost"
		}
		if u.Name != p.Name || !hostEqualPtr(u.Terminal, p.Terminal) || *u.Host != host ||
			float64(float32(u.Started)) != p.Started || u.Pid != p.Pid {
			t.Errorf("user %d: ours %s, psutil %+v", i, hostUsersString(ours[i:i+1]), p)
		}
	}
}

func hostEqualPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func TestUsersLive(t *testing.T) {
	got, err := Default.Users()
	if err != nil {
		t.Fatal(err)
	}
	var py []hostPyUser
	pyPsutil(t, "[u._asdict() for u in psutil.users()]", &py)
	hostCompareUsers(t, got, py)

	data, err := os.ReadFile(LiveFS().utmp())
	if errors.Is(err, fs.ErrNotExist) {
		// No utmp on this machine (a container): nothing is logged in.
		if len(got) != 0 {
			t.Errorf("no utmp file, yet users %s", hostUsersString(got))
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	// The real file: every USER_PROCESS record is a user, and who(1)
	// lists the same sessions.
	n := 0
	for _, r := range utmp.Parse(data) {
		if r.Type == utmp.UserProcess {
			n++
		}
	}
	if n != len(got) {
		t.Errorf("%d USER_PROCESS records, %d users", n, len(got))
	}
	out, err := exec.Command("who").Output()
	if err != nil {
		t.Fatalf("who: %v", err)
	}
	if lines := strings.Count(string(out), "\n"); lines != len(got) {
		t.Errorf("who lists %d sessions, we %d:\n%s", lines, len(got), out)
	}
}

// TestUsersFixtureAgainstPsutil points glibc at the fixture with
// utmpname(3), in the oracle's own process, so psutil's C code reads the
// same records with getutent.
func TestUsersFixtureAgainstPsutil(t *testing.T) {
	s := fixture(t, "host-utmp")
	path, err := filepath.Abs(s.FS().utmp())
	if err != nil {
		t.Fatal(err)
	}
	var py []hostPyUser
	pyPsutil(t, "(__import__('ctypes').CDLL('libc.so.6').utmpname("+strconv.Quote(path)+".encode()), "+
		"[u._asdict() for u in psutil.users()])[1]", &py)
	got, err := s.Users()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("fixture users %s, want alice and bob", hostUsersString(got))
	}
	hostCompareUsers(t, got, py)
}
