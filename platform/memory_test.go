//go:build linux

package platform

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// The fixtures:
//
//	memory-basic             this machine (kernel 6.18, no swap configured)
//	memory-memavailable-zero the same meminfo with "MemAvailable: 0 kB"
//	                         (psutil #1915), and this machine's zoneinfo
//	memory-no-memavailable   kernel 3.7.3, 4 GiB, swapping (linux-mm bug
//	                         53031): raw zoneinfo and vmstat from the report;
//	                         meminfo rebuilt from the same vmstat page counts
//	                         as 3.7's fs/proc/meminfo.c derives it
//	memory-swap-in-use       that machine's meminfo and vmstat
//	memory-no-swap           prometheus/procfs's sample: no MemAvailable,
//	                         no swap, no zoneinfo, no vmstat (psutil #722)
//	memory-old-kernel        a 2.6.5-era 32-bit highmem machine: no
//	                         Active(file), SReclaimable or Shmem
//	memory-kernel-2.4        Red Hat 2.4: MemShared, Inact_dirty and
//	                         Inact_clean, and the old "Mem:" summary table
func TestVirtualMemoryFixtures(t *testing.T) {
	tests := []struct {
		fixture string
		want    VirtualMemory
		missing string
	}{
		{
			fixture: "memory-basic",
			want: VirtualMemory{
				Total: 25276063744, Available: 24935002112, Percent: 1.3, Used: 341061632,
				Free: 24876699648, Active: 184221696, Inactive: 64385024, Buffers: 2781184,
				Cached: 299560960, Shared: 9138176, Slab: 76804096,
			},
		},
		{
			fixture: "memory-memavailable-zero",
			want: VirtualMemory{
				Total: 25276063744, Available: 24969768960, Percent: 1.2, Used: 306294784,
				Free: 24876699648, Active: 184221696, Inactive: 64385024, Buffers: 2781184,
				Cached: 299560960, Shared: 9138176, Slab: 76804096,
			},
		},
		{
			fixture: "memory-no-memavailable",
			want: VirtualMemory{
				Total: 4146634752, Available: 2803978240, Percent: 32.4, Used: 1342656512,
				Free: 390524928, Active: 1584119808, Inactive: 1619304448, Buffers: 9981952,
				Cached: 2629574656, Shared: 196608, Slab: 151248896,
			},
		},
		{
			// No zoneinfo beside it: available falls back to free + cached.
			fixture: "memory-swap-in-use",
			want: VirtualMemory{
				Total: 4146634752, Available: 2932625408, Percent: 29.3, Used: 1214009344,
				Free: 390524928, Active: 1584119808, Inactive: 1619304448, Buffers: 9981952,
				Cached: 2629574656, Shared: 196608, Slab: 151248896,
			},
		},
		{
			fixture: "memory-no-swap",
			want: VirtualMemory{
				Total: 16042172416, Available: 12746715136, Percent: 20.5, Used: 3295457280,
				Free: 450891776, Active: 6923546624, Inactive: 6689492992, Buffers: 1044611072,
				Cached: 14075662336, Shared: 1339392, Slab: 1850638336,
			},
		},
		{
			fixture: "memory-old-kernel",
			want: VirtualMemory{
				Total: 16737251328, Available: 15185686528, Percent: 9.3, Used: 1551564800,
				Free: 13961281536, Active: 913035264, Inactive: 1103077376, Buffers: 3743744,
				Cached: 1224404992, Shared: 0, Slab: 700485632,
			},
			missing: "shared memory stats couldn't be determined and was set to 0",
		},
		{
			fixture: "memory-kernel-2.4",
			want: VirtualMemory{
				Total: 1055760384, Available: 722808832, Percent: 31.5, Used: 332951552,
				Free: 13873152, Active: 576626688, Inactive: 0, Buffers: 100417536,
				Cached: 708935680, Shared: 0, Slab: 0,
			},
			missing: "inactive memory stats couldn't be determined and was set to 0",
		},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			s := fixture(t, tt.fixture)
			got, err := s.VirtualMemory()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			var want []string
			if tt.missing != "" {
				want = []string{tt.missing}
			}
			if _, err := s.VirtualMemory(); err != nil { // the same warning is kept once
				t.Fatal(err)
			}
			if w := s.Warnings(); !slices.Equal(w, want) {
				t.Errorf("warnings %q, want %q", w, want)
			}
			if w := s.Warnings(); w != nil {
				t.Errorf("warnings not cleared: %q", w)
			}
		})
	}
}

// TestVirtualMemoryEstimateNearKernel checks psutil's estimate against the
// MemAvailable the kernel reported for the same meminfo: psutil documents
// about 1.5% of difference on recent kernels.
func TestVirtualMemoryEstimateNearKernel(t *testing.T) {
	real, err := fixture(t, "memory-basic").VirtualMemory()
	if err != nil {
		t.Fatal(err)
	}
	est, err := fixture(t, "memory-memavailable-zero").VirtualMemory()
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(float64(est.Available)/float64(real.Available) - 1); d > 0.015 {
		t.Errorf("estimate %d is %.2f%% off the kernel's %d", est.Available, d*100, real.Available)
	}
}

func TestSwapMemoryFixtures(t *testing.T) {
	swapping := SwapMemory{
		Total: 4294963200, Used: 303595520, Free: 3991367680, Percent: 7.1,
		Sin: 77827 * 4096, Sout: 148890 * 4096,
	}
	tests := []struct {
		fixture string
		want    SwapMemory
	}{
		{"memory-basic", SwapMemory{}}, // swap off, vmstat counters 0
		{"memory-swap-in-use", swapping},
		{"memory-no-swap", SwapMemory{}}, // and no vmstat at all
		{"memory-old-kernel", SwapMemory{}},
		{"memory-kernel-2.4", SwapMemory{Total: 1077501952, Used: 8540160, Free: 1068961792, Percent: 0.8}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			got, err := fixture(t, tt.fixture).SwapMemory()
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestSwapMemoryVmstat covers what psutil excuses about /proc/vmstat with a
// RuntimeWarning and zeros: a file it cannot open (psutil #722; Python's
// open() refuses a directory too) and missing pswpin/pswpout lines (#313).
// Any other failure, here EIO reading /proc/self/mem, is an error.
func TestSwapMemoryVmstat(t *testing.T) {
	const missing = "'sin' and 'sout' swap memory stats couldn't be determined and were set to 0"
	meminfo := "MemTotal: 1000 kB\nMemFree: 500 kB\nSwapTotal: 100 kB\nSwapFree: 60 kB\n"
	want := SwapMemory{Total: 102400, Used: 40960, Free: 61440, Percent: 40}
	tests := []struct {
		name    string
		vmstat  func(path string) error
		want    SwapMemory
		warning string // %s is the vmstat path
		err     syscall.Errno
	}{
		{"counted", func(p string) error { return os.WriteFile(p, []byte("pswpin 3\npswpout 5\n"), 0o644) },
			SwapMemory{Total: want.Total, Used: want.Used, Free: want.Free, Percent: 40, Sin: 3 * 4096, Sout: 5 * 4096}, "", 0},
		{"no vmstat", func(string) error { return nil },
			want, missing + " ([Errno 2] No such file or directory: '%s')", 0},
		{"vmstat is a directory", func(p string) error { return os.Mkdir(p, 0o755) },
			want, missing + " ([Errno 21] Is a directory: '%s')", 0},
		{"no pswpout line", func(p string) error { return os.WriteFile(p, []byte("pswpin 3\n"), 0o644) },
			want, missing, 0},
		{"read error", func(p string) error { return os.Symlink("/proc/self/mem", p) },
			SwapMemory{}, "", syscall.EIO},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			proc := filepath.Join(dir, "proc")
			if err := os.MkdirAll(proc, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(proc, "meminfo"), []byte(meminfo), 0o644); err != nil {
				t.Fatal(err)
			}
			vmstat := filepath.Join(proc, "vmstat")
			if err := tt.vmstat(vmstat); err != nil {
				t.Fatal(err)
			}
			s := New(FixtureFS(dir))
			got, err := s.SwapMemory()
			if tt.err != 0 {
				if !errors.Is(err, tt.err) {
					t.Errorf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
			var warnings []string
			if tt.warning != "" {
				warnings = []string{strings.ReplaceAll(tt.warning, "%s", vmstat)}
			}
			if w := s.Warnings(); !slices.Equal(w, warnings) {
				t.Errorf("warnings %q, want %q", w, warnings)
			}
		})
	}
}

// TestVirtualMemoryMeminfoCases are psutil's mocked /proc/meminfo tests
// (tests/test_linux.py, TestVirtualMemoryMocks).
func TestVirtualMemoryMeminfoCases(t *testing.T) {
	const kB = 1024
	noZoneinfo := func() (int64, error) { return 0, errMemoryNoZoneinfo }
	tests := []struct {
		name     string
		meminfo  string
		zoneLow  func() (int64, error)
		want     VirtualMemory
		warnings string
	}{
		{
			name: "few lines and MemAvailable -1",
			meminfo: "Active(anon):    6145416 kB\nActive(file):    2950064 kB\nInactive(anon):   574764 kB\n" +
				"Inactive(file):  1567648 kB\nMemAvailable:         -1 kB\nMemFree:         2057400 kB\n" +
				"MemTotal:       16325648 kB\nSReclaimable:     346648 kB\n",
			want: VirtualMemory{Total: 16325648 * kB, Percent: 100, Used: 16325648 * kB, Free: 2057400 * kB},
			warnings: "buffers, cached, shared, active, inactive, available memory stats " +
				"couldn't be determined and were set to 0",
		},
		{
			name: "MemAvailable comes from the kernel",
			meminfo: "Active:          9444728 kB\nActive(anon):    6145416 kB\nActive(file):    2950064 kB\n" +
				"Buffers:          287952 kB\nCached:          4818144 kB\nInactive(file):  1578132 kB\n" +
				"Inactive(anon):   574764 kB\nInactive(file):  1567648 kB\nMemAvailable:    6574984 kB\n" +
				"MemFree:         2057400 kB\nMemTotal:       16325648 kB\nShmem:            577588 kB\n" +
				"SReclaimable:     346648 kB\n",
			want: VirtualMemory{
				Total: 16325648 * kB, Available: 6574984 * kB, Percent: 59.7, Used: (16325648 - 6574984) * kB,
				Free: 2057400 * kB, Active: 9444728 * kB, Buffers: 287952 * kB,
				Cached: (4818144 + 346648) * kB, Shared: 577588 * kB,
			},
			warnings: "inactive memory stats couldn't be determined and was set to 0",
		},
		{
			name: "no Active(file), SReclaimable: free + cached",
			meminfo: "Active:          9444728 kB\nActive(anon):    6145416 kB\nBuffers:          287952 kB\n" +
				"Cached:          4818144 kB\nInactive(file):  1578132 kB\nInactive(anon):   574764 kB\n" +
				"MemFree:         2057400 kB\nMemTotal:       16325648 kB\nShmem:            577588 kB\n",
			zoneLow: func() (int64, error) { panic("zoneinfo read without need") },
			want: VirtualMemory{
				Total: 16325648 * kB, Available: (2057400 + 4818144) * kB, Percent: 57.9,
				Used: (16325648 - 2057400 - 4818144) * kB, Free: 2057400 * kB, Active: 9444728 * kB,
				Buffers: 287952 * kB, Cached: 4818144 * kB, Shared: 577588 * kB,
			},
			warnings: "inactive memory stats couldn't be determined and was set to 0",
		},
		{
			name: "no zoneinfo: free + cached",
			meminfo: "Active:          9444728 kB\nActive(file):    2950064 kB\nBuffers:          287952 kB\n" +
				"Cached:          4818144 kB\nInactive(file):  1567648 kB\nMemFree:         2057400 kB\n" +
				"MemTotal:       16325648 kB\nShmem:            577588 kB\nSReclaimable:     346648 kB\n",
			zoneLow: noZoneinfo,
			want: VirtualMemory{
				Total: 16325648 * kB, Available: (2057400 + 4818144) * kB, Percent: 57.9,
				Used: (16325648 - 2057400 - 4818144) * kB, Free: 2057400 * kB, Active: 9444728 * kB,
				Buffers: 287952 * kB, Cached: (4818144 + 346648) * kB, Shared: 577588 * kB,
			},
			warnings: "inactive memory stats couldn't be determined and was set to 0",
		},
		{
			name: "every field",
			meminfo: "MemTotal:              100 kB\nMemFree:               2 kB\nMemAvailable:          3 kB\n" +
				"Buffers:               4 kB\nCached:                5 kB\nSwapCached:            6 kB\n" +
				"Active:                7 kB\nInactive:              8 kB\nShmem:                 21 kB\n" +
				"Slab:                  22 kB\nSReclaimable:          23 kB\nShadowCallStack:10373888 kB\n",
			want: VirtualMemory{
				Total: 100 * kB, Available: 3 * kB, Percent: 97, Used: 97 * kB, Free: 2 * kB,
				Active: 7 * kB, Inactive: 8 * kB, Buffers: 4 * kB, Cached: (5 + 23) * kB,
				Shared: 21 * kB, Slab: 22 * kB,
			},
		},
		{
			name: "available above total in a container: free",
			meminfo: "MemTotal: 100 kB\nMemFree: 40 kB\nMemAvailable: 900 kB\nBuffers: 1 kB\nCached: 2 kB\n" +
				"Active: 3 kB\nInactive: 4 kB\nShmem: 5 kB\n",
			want: VirtualMemory{
				Total: 100 * kB, Available: 40 * kB, Percent: 60, Used: 60 * kB, Free: 40 * kB,
				Active: 3 * kB, Inactive: 4 * kB, Buffers: 1 * kB, Cached: 2 * kB, Shared: 5 * kB,
			},
		},
		{
			name: "Red Hat 2.4 inactive lists",
			meminfo: "MemTotal: 100 kB\nMemFree: 10 kB\nMemShared: 3 kB\nBuffers: 1 kB\nCached: 20 kB\n" +
				"Active: 30 kB\nInact_dirty: 5 kB\nInact_laundry: 6 kB\nInact_clean: 7 kB\n",
			want: VirtualMemory{
				Total: 100 * kB, Available: 30 * kB, Percent: 70, Used: 70 * kB, Free: 10 * kB,
				Active: 30 * kB, Inactive: 18 * kB, Buffers: 1 * kB, Cached: 20 * kB, Shared: 3 * kB,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mi, err := procfs.ParseMeminfo([]byte(tt.meminfo))
			if err != nil {
				t.Fatal(err)
			}
			zoneLow := tt.zoneLow
			if zoneLow == nil {
				zoneLow = noZoneinfo
			}
			got, missing, err := memoryVirtualFrom(&mi, fixturePageSize, zoneLow)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if missing.warning() != tt.warnings {
				t.Errorf("warning %q, want %q", missing.warning(), tt.warnings)
			}
		})
	}
}

func TestVirtualMemoryErrors(t *testing.T) {
	zoneErr := errors.New("bad zoneinfo")
	tests := []struct {
		name    string
		meminfo string
		zoneLow func() (int64, error)
		want    error
	}{
		{"no MemTotal", "MemFree: 1 kB\n", nil, procfs.ErrFileParse},
		{"no MemFree", "MemTotal: 1 kB\n", nil, procfs.ErrFileParse},
		{
			"malformed zoneinfo",
			"MemTotal: 9 kB\nMemFree: 1 kB\nActive(file): 1 kB\nInactive(file): 1 kB\nSReclaimable: 1 kB\n",
			func() (int64, error) { return 0, zoneErr },
			zoneErr,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mi, err := procfs.ParseMeminfo([]byte(tt.meminfo))
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := memoryVirtualFrom(&mi, fixturePageSize, tt.zoneLow); !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}

	s := New(FixtureFS(t.TempDir())) // no proc/meminfo: psutil raises OSError
	if _, err := s.VirtualMemory(); err == nil {
		t.Error("VirtualMemory without /proc/meminfo: no error")
	}
	if _, err := s.SwapMemory(); err == nil {
		t.Error("SwapMemory without /proc/meminfo: no error")
	}
}

func BenchmarkVirtualMemory(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Default.VirtualMemory(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSwapMemory(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Default.SwapMemory(); err != nil {
			b.Fatal(err)
		}
	}
}
