//go:build linux

package platform

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"slices"
	"testing"
)

// TestProcessJSON: a Process encodes as its as_dict() of every attribute,
// and an attribute denied (here a zombie's) is null, as_dict's ad_value.
// Compared with the Process's own methods.
func TestProcessJSON(t *testing.T) {
	s := New(LiveFS())
	self, err := s.NewProcess(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(self)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range d {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if want := ProcessAttrs(); !slices.Equal(keys, want) {
		t.Errorf("keys %v\nwant %v", keys, want)
	}
	name, _ := self.Name()
	mi, _ := d["memory_info"].(map[string]any)
	if d["pid"] != float64(os.Getpid()) || d["name"] != name || mi["rss"] == nil || mi["rss"].(float64) <= 0 {
		t.Errorf("pid %v, name %v, memory_info %v: want %d, %q and an rss", d["pid"], d["name"], d["memory_info"], os.Getpid(), name)
	}

	// A zombie: a child of this process that exited and is not reaped.
	zombie := exec.Command("true")
	if err := zombie.Start(); err != nil {
		t.Fatal(err)
	}
	procReap(t, zombie)
	procWaitFor(t, "a zombie", func() bool { return procStatField(zombie.Process.Pid, 0) == "Z" })
	z, err := s.NewProcess(zombie.Process.Pid)
	if err != nil {
		t.Fatal(err)
	}
	b, err = json.Marshal(z)
	if err != nil {
		t.Fatal(err)
	}
	d = map[string]any{}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, attr := range ProcessAttrs() {
		_, err := z.Attr(attr)
		var zp *ZombieProcess
		var ad *AccessDenied
		if errors.As(err, &zp) || errors.As(err, &ad) {
			denied++
			if v, ok := d[attr]; !ok || v != nil {
				t.Errorf("zombie's %s: %v in JSON, want null", attr, v)
			}
		}
	}
	if denied == 0 {
		t.Error("no attribute of the zombie was denied: the test shows nothing")
	}
	if d["status"] != STATUS_ZOMBIE {
		t.Errorf("zombie's status %v", d["status"])
	}

	// Gone: as_dict raises NoSuchProcess, and so does json.Marshal.
	if err := zombie.Wait(); err != nil {
		t.Fatal(err)
	}
	_, err = json.Marshal(z)
	var nsp *NoSuchProcess
	if !errors.As(err, &nsp) {
		t.Errorf("reaped process: %v, want a NoSuchProcess", err)
	}
}
