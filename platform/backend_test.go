package platform

import (
	"context"
	"errors"
	"reflect"
	"syscall"
	"testing"
)

// fakeSystem answers the backend questions a test sets, on every OS, so the
// portable semantics are tested apart from any kernel; the questions it
// does not override panic (the embedded interface is nil).
type fakeSystem struct {
	systemBackend
	times   []CPUTimes // successive answers of cpuTimes
	freqs   []CPUFreq
	vm      VirtualMemory
	warning string
	statErr error
}

func (f *fakeSystem) cpuTimes(FS) (CPUTimes, error) {
	t := f.times[0]
	if len(f.times) > 1 {
		f.times = f.times[1:]
	}
	return t, nil
}

func (f *fakeSystem) cpuFreqs(FS) ([]CPUFreq, error) { return f.freqs, nil }

func (f *fakeSystem) virtualMemory(FS, uint64) (VirtualMemory, string, error) {
	return f.vm, f.warning, nil
}

func (f *fakeSystem) diskUsage(string) (total, availRoot, availUser uint64, err error) {
	return 0, 0, 0, f.statErr
}

func withBackend(b systemBackend) *System {
	s := New(FS{})
	s.backend = b
	return s
}

func TestCPUPercentComparesWithThePreviousCall(t *testing.T) {
	s := withBackend(&fakeSystem{times: []CPUTimes{
		{User: 10, Idle: 90},
		{User: 40, Idle: 120}, // 30 busy of 60
		{User: 40, Idle: 130}, // 0 busy of 10
	}})
	for i, want := range []float64{0, 50, 0} {
		got, err := s.CPUPercent(context.Background(), 0)
		if err != nil || got != want {
			t.Errorf("call %d: CPUPercent(0) = %v, %v; want %v", i+1, got, err, want)
		}
	}
	if _, err := s.CPUPercent(context.Background(), -1); err == nil {
		t.Error("a negative interval is psutil's ValueError")
	}
}

func TestCPUFreqAveragesTheCPUs(t *testing.T) {
	tests := []struct {
		name  string
		freqs []CPUFreq
		want  CPUFreq
		err   error
	}{
		{"no frequency at all", nil, CPUFreq{}, ErrNoCPUFreq},
		{"one CPU", []CPUFreq{{Current: 1000, Min: 800, Max: 3000}}, CPUFreq{Current: 1000, Min: 800, Max: 3000}, nil},
		{"two CPUs", []CPUFreq{{Current: 1000, Max: 3000}, {Current: 2000, Max: 3000}}, CPUFreq{Current: 1500, Max: 3000}, nil},
	}
	for _, tt := range tests {
		s := withBackend(&fakeSystem{freqs: tt.freqs})
		got, err := s.CPUFreq()
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("%s: CPUFreq() = %+v, %v; want %+v, %v", tt.name, got, err, tt.want, tt.err)
		}
		per, err := s.PerCPUFreq()
		if err != nil || per == nil || len(per) != len(tt.freqs) {
			t.Errorf("%s: PerCPUFreq() = %#v, %v", tt.name, per, err)
		}
	}
}

func TestVirtualMemoryRecordsTheBackendsWarning(t *testing.T) {
	vm := VirtualMemory{Total: 100, Available: 40}
	s := withBackend(&fakeSystem{vm: vm, warning: "shared memory stats couldn't be determined and was set to 0"})
	got, err := s.VirtualMemory()
	if err != nil || got != vm {
		t.Errorf("VirtualMemory() = %+v, %v", got, err)
	}
	s.VirtualMemory()
	if w := s.Warnings(); !reflect.DeepEqual(w, []string{"shared memory stats couldn't be determined and was set to 0"}) {
		t.Errorf("Warnings() = %q, want the text once", w)
	}
}

func TestDiskUsageNamesThePath(t *testing.T) {
	s := withBackend(&fakeSystem{statErr: syscall.ENOENT})
	_, err := s.DiskUsage("/nowhere")
	if !errors.Is(err, syscall.ENOENT) || err.Error() != syscall.ENOENT.Error()+": '/nowhere'" {
		t.Errorf("DiskUsage(/nowhere) = %v", err)
	}
	s = withBackend(&fakeSystem{statErr: notImplemented("disk_usage")})
	if _, err := s.DiskUsage("/"); !errors.Is(err, ErrNotImplemented) {
		t.Errorf("not implemented: %v", err)
	}
}
