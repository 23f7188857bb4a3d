package platform

import (
	"errors"
	"testing"
)

func TestWinServices(t *testing.T) {
	s := New(LiveFS())
	svcs, err := s.WinServiceIter()
	if err != nil {
		t.Fatal(err)
	}
	if len(svcs) == 0 {
		t.Fatal("no service")
	}
	running := 0
	for _, w := range svcs {
		d, err := w.AsDict()
		if err != nil {
			t.Errorf("%s: %v", w, err)
			continue
		}
		if d.Name == "" || d.Status == "unknown" || d.StartType == "" {
			t.Errorf("%+v", d)
		}
		if d.Status == "running" {
			running++
			if d.Pid == nil || !s.PidExists(*d.Pid) {
				t.Errorf("%s runs as pid %v", d.Name, d.Pid)
			}
		}
		got, err := s.WinServiceGet(w.Name())
		if err != nil || got.DisplayName() != w.DisplayName() {
			t.Errorf("win_service_get(%q) = %v, %v", w.Name(), got, err)
		}
	}
	t.Logf("%d services, %d running", len(svcs), running)
	var nsp *NoSuchProcess
	if _, err := s.WinServiceGet("no such service"); !errors.As(err, &nsp) || nsp.Name != "no such service" {
		t.Errorf("win_service_get of a missing service = %v, want NoSuchProcess", err)
	}
}
