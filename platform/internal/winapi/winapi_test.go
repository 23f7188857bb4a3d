package winapi

import (
	"encoding/binary"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"
)

// The fixtures under testdata/wine8 were captured from wine 8 by
// TestCapture; the structures wine leaves empty (handle counts, I/O and
// page fault counters, thread states, disk performance, sessions) are
// built here as Windows fills them, field by field at the documented
// offsets.

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "wine8", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseProcessesWine(t *testing.T) {
	base, err := strconv.ParseUint(strings.TrimSpace(string(fixture(t, "processes.base"))), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	procs, err := ParseProcesses(fixture(t, "processes.bin"), uintptr(base))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	byPid := map[int]Process{}
	for _, p := range procs {
		names = append(names, p.Name)
		byPid[p.Pid] = p
		if p.NumThreads != len(p.Threads) || p.NumThreads == 0 {
			t.Errorf("%s: %d threads, %d entries", p.Name, p.NumThreads, len(p.Threads))
		}
		if p.CreateTime == 0 || p.WorkingSetSize == 0 {
			t.Errorf("%s: %+v", p.Name, p)
		}
	}
	want := "winapi.test.exe services.exe explorer.exe winedevice.exe winedevice.exe plugplay.exe svchost.exe"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("names %q, want %q", got, want)
	}
	svc := byPid[56]
	if svc.Name != "services.exe" || svc.Ppid != 40 || svc.NumThreads != 8 || svc.Threads[0].Tid != 60 {
		t.Errorf("services.exe = %+v", svc)
	}
	// 2026-12-05 01:13 UTC, as a FILETIME.
	if ct := FiletimeToUnix(svc.CreateTime); ct < 1796433000 || ct > 1796434000 {
		t.Errorf("create time %v", ct)
	}
}

// putProcess writes a SYSTEM_PROCESS_INFORMATION and its threads at
// b[off:], its name at nameOff; it returns the entry's size.
func putProcess(b []byte, off int, base uintptr, nameOff int, name string, p Process) int {
	le := binary.LittleEndian
	e := b[off:]
	le.PutUint32(e[4:], uint32(len(p.Threads)))
	le.PutUint64(e[8:], p.WorkingSetPrivate)
	le.PutUint32(e[16:], p.HardFaultCount)
	le.PutUint64(e[32:], p.CreateTime)
	le.PutUint64(e[40:], p.UserTime)
	le.PutUint64(e[48:], p.KernelTime)
	w := utf16.Encode([]rune(name))
	le.PutUint16(e[56:], uint16(2*len(w)))
	le.PutUint16(e[58:], uint16(2*len(w)+2))
	le.PutUint64(e[64:], uint64(base)+uint64(nameOff))
	for i, c := range w {
		le.PutUint16(b[nameOff+2*i:], c)
	}
	le.PutUint32(e[72:], uint32(p.BasePriority))
	le.PutUint64(e[80:], uint64(p.Pid))
	le.PutUint64(e[88:], uint64(p.Ppid))
	le.PutUint32(e[96:], p.HandleCount)
	le.PutUint32(e[100:], p.SessionID)
	for i, v := range []uint64{p.PeakVirtualSize, p.VirtualSize, uint64(p.PageFaultCount), p.PeakWorkingSetSize,
		p.WorkingSetSize, p.PeakPagedPool, p.PagedPool, p.PeakNonPagedPool, p.NonPagedPool, p.PagefileUsage,
		p.PeakPagefileUsage, p.PrivatePageCount, p.ReadOperations, p.WriteOperations, p.OtherOperations,
		p.ReadTransfer, p.WriteTransfer, p.OtherTransfer} {
		le.PutUint64(e[112+8*i:], v)
	}
	for i, th := range p.Threads {
		te := e[256+80*i:]
		le.PutUint64(te[0:], th.KernelTime)
		le.PutUint64(te[8:], th.UserTime)
		le.PutUint64(te[16:], th.CreateTime)
		le.PutUint64(te[40:], uint64(p.Pid))
		le.PutUint64(te[48:], uint64(th.Tid))
		le.PutUint32(te[64:], th.ContextSwitches)
		le.PutUint32(te[68:], th.State)
		le.PutUint32(te[72:], th.WaitReason)
	}
	return 256 + 80*len(p.Threads)
}

func TestParseProcessesWindowsCounters(t *testing.T) {
	// What wine leaves at 0: handles, page faults, I/O, private working
	// set, and thread states (a suspended process).
	suspended := Process{
		Pid: 4242, Ppid: 1000, Name: "notepad.exe", CreateTime: 133000000000000000, UserTime: 15_000_000,
		KernelTime: 5_000_000, BasePriority: 8, HandleCount: 231, SessionID: 1, PeakVirtualSize: 1 << 32,
		VirtualSize: 3 << 30, PageFaultCount: 9876, HardFaultCount: 12, PeakWorkingSetSize: 40 << 20,
		WorkingSetSize: 30 << 20, PeakPagedPool: 300_000, PagedPool: 250_000, PeakNonPagedPool: 20_000,
		NonPagedPool: 15_000, PagefileUsage: 8 << 20, PeakPagefileUsage: 9 << 20, PrivatePageCount: 8 << 20,
		WorkingSetPrivate: 6 << 20, ReadOperations: 100, WriteOperations: 50, OtherOperations: 700,
		ReadTransfer: 1 << 20, WriteTransfer: 1 << 19, OtherTransfer: 4096,
		Threads: []Thread{
			{Tid: 4246, KernelTime: 1, UserTime: 2, CreateTime: 133000000000000001, ContextSwitches: 77, State: 5, WaitReason: 5},
			{Tid: 4250, KernelTime: 3, UserTime: 4, CreateTime: 133000000000000002, ContextSwitches: 3, State: 5, WaitReason: 5},
		},
	}
	idle := Process{Pid: 0, Threads: []Thread{{Tid: 0, State: 2}}}
	suspended.NumThreads, idle.NumThreads = 2, 1
	const base = 0x10000
	b := make([]byte, 4096)
	n := putProcess(b, 0, base, 0, "", idle)
	binary.LittleEndian.PutUint32(b[0:], uint32(n))
	putProcess(b, n, base, 3000, suspended.Name, suspended)
	got, err := ParseProcesses(b, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d processes", len(got))
	}
	if !reflect.DeepEqual(got[1], suspended) {
		t.Errorf("got  %+v\nwant %+v", got[1], suspended)
	}
	if got[0].Name != "" || got[0].Pid != 0 || got[0].Threads[0].Suspended() {
		t.Errorf("idle process %+v", got[0])
	}
	for _, th := range got[1].Threads {
		if !th.Suspended() {
			t.Errorf("thread %d not suspended", th.Tid)
		}
	}
	// A truncated list is an error, with what was read before.
	if got, err := ParseProcesses(b[:n+100], base); !errors.Is(err, ErrShort) || len(got) != 1 {
		t.Errorf("truncated: %d processes, %v", len(got), err)
	}
}

func TestParseProcessorTimes(t *testing.T) {
	got, err := ParseProcessorTimes(fixture(t, "processor-times.bin"))
	if err != nil {
		t.Fatal(err)
	}
	want := []ProcessorTimes{
		{Idle: 1706100000, Kernel: 6664100000, User: 20566500000},
		{Idle: 1620500000, Kernel: 7301100000, User: 19937200000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	// Windows fills the DPC and interrupt times and the interrupt count.
	b := make([]byte, 48)
	for i, v := range []uint64{10, 20, 30, 4, 5} {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	binary.LittleEndian.PutUint32(b[40:], 6789)
	got, err = ParseProcessorTimes(b)
	if err != nil || got[0] != (ProcessorTimes{Idle: 10, Kernel: 20, User: 30, Dpc: 4, Interrupt: 5, InterruptCount: 6789}) {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := ParseProcessorTimes(b[:47]); !errors.Is(err, ErrShort) {
		t.Errorf("47 bytes: %v", err)
	}
}

func TestSystemPerformanceAndInterrupts(t *testing.T) {
	b := make([]byte, SystemPerformanceSize)
	binary.LittleEndian.PutUint32(b[296:], 123456)
	binary.LittleEndian.PutUint32(b[308:], 654321)
	got, err := ParseSystemPerformance(b)
	if err != nil || got != (SystemPerformance{ContextSwitches: 123456, SystemCalls: 654321}) {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := ParseSystemPerformance(b[:100]); !errors.Is(err, ErrShort) {
		t.Errorf("short: %v", err)
	}
	ii := make([]byte, 2*InterruptInfoSize)
	binary.LittleEndian.PutUint32(ii[4:], 10)
	binary.LittleEndian.PutUint32(ii[InterruptInfoSize+4:], 32)
	if n := SumDpcCounts(ii); n != 42 {
		t.Errorf("dpc count %d", n)
	}
}

func TestCountCores(t *testing.T) {
	if n, err := CountCores(fixture(t, "logical-processors.bin")); err != nil || n != 2 {
		t.Errorf("wine's: %d cores, %v", n, err)
	}
	// Two cores with two threads each, a cache and a package record.
	var b []byte
	rec := func(rel uint32, size int) {
		r := make([]byte, size)
		binary.LittleEndian.PutUint32(r, rel)
		binary.LittleEndian.PutUint32(r[4:], uint32(size))
		b = append(b, r...)
	}
	rec(0, 48)
	rec(2, 56)
	rec(0, 48)
	rec(3, 48)
	if n, err := CountCores(b); err != nil || n != 2 {
		t.Errorf("%d cores, %v", n, err)
	}
	if _, err := CountCores(b[:50]); !errors.Is(err, ErrShort) {
		t.Errorf("truncated: %v", err)
	}
}

func TestParseSocketTables(t *testing.T) {
	got, err := ParseTCP4(fixture(t, "tcp4.bin"))
	if err != nil {
		t.Fatal(err)
	}
	// The host's table: a listener on 0.0.0.0:2024 (state 2, LISTEN), and
	// connections in TIME_WAIT (11), all with pid 0 under wine.
	if len(got) != 4 || got[0] != (Socket{LocalAddr: netip.MustParseAddr("0.0.0.0"), LocalPort: 2024,
		RemoteAddr: netip.MustParseAddr("0.0.0.0"), State: 2}) || got[1].State != 11 || got[1].LocalPort != 38563 {
		t.Errorf("tcp4 = %+v", got)
	}
	if got, err := ParseTCP6(fixture(t, "tcp6.bin")); err != nil || len(got) != 0 {
		t.Errorf("tcp6 = %+v, %v", got, err)
	}

	le := binary.LittleEndian
	be := func(p int) uint32 { return uint32(p>>8) | uint32(p&0xff)<<8 }
	// MIB_TCP6TABLE_OWNER_PID: an established connection of pid 812.
	t6 := make([]byte, 4+56)
	le.PutUint32(t6, 1)
	r := t6[4:]
	copy(r[0:], netip.MustParseAddr("fe80::1").AsSlice())
	le.PutUint32(r[16:], 3)
	le.PutUint32(r[20:], be(49152))
	copy(r[24:], netip.MustParseAddr("2001:db8::2").AsSlice())
	le.PutUint32(r[44:], be(443))
	le.PutUint32(r[48:], 5)
	le.PutUint32(r[52:], 812)
	want6 := Socket{LocalAddr: netip.MustParseAddr("fe80::1"), LocalPort: 49152,
		RemoteAddr: netip.MustParseAddr("2001:db8::2"), RemotePort: 443, State: 5, Pid: 812}
	if got, err := ParseTCP6(t6); err != nil || len(got) != 1 || got[0] != want6 {
		t.Errorf("tcp6 = %+v, %v", got, err)
	}
	// MIB_UDPTABLE_OWNER_PID and MIB_UDP6TABLE_OWNER_PID.
	u4 := make([]byte, 4+12)
	le.PutUint32(u4, 1)
	copy(u4[4:], []byte{127, 0, 0, 1})
	le.PutUint32(u4[8:], be(53))
	le.PutUint32(u4[12:], 1200)
	if got, err := ParseUDP4(u4); err != nil || len(got) != 1 ||
		got[0] != (Socket{LocalAddr: netip.MustParseAddr("127.0.0.1"), LocalPort: 53, Pid: 1200}) {
		t.Errorf("udp4 = %+v, %v", got, err)
	}
	u6 := make([]byte, 4+28)
	le.PutUint32(u6, 1)
	copy(u6[4:], netip.IPv6Loopback().AsSlice())
	le.PutUint32(u6[24:], be(5353))
	le.PutUint32(u6[28:], 1300)
	if got, err := ParseUDP6(u6); err != nil || len(got) != 1 ||
		got[0] != (Socket{LocalAddr: netip.IPv6Loopback(), LocalPort: 5353, Pid: 1300}) {
		t.Errorf("udp6 = %+v, %v", got, err)
	}
	if _, err := ParseTCP4(t6[:20]); !errors.Is(err, ErrShort) {
		t.Errorf("short table: %v", err)
	}
}

func TestParseDiskPerformance(t *testing.T) {
	// wine does not answer IOCTL_DISK_PERFORMANCE.
	b := make([]byte, DiskPerformanceSize)
	le := binary.LittleEndian
	le.PutUint64(b[0:], 1<<30)
	le.PutUint64(b[8:], 1<<29)
	le.PutUint64(b[16:], 50_000_000)
	le.PutUint64(b[24:], 20_000_000)
	le.PutUint64(b[32:], 900_000_000)
	le.PutUint32(b[40:], 1000)
	le.PutUint32(b[44:], 500)
	le.PutUint32(b[48:], 2)
	le.PutUint32(b[52:], 7)
	le.PutUint64(b[56:], 133000000000000000)
	le.PutUint32(b[64:], 1)
	want := DiskPerformance{BytesRead: 1 << 30, BytesWritten: 1 << 29, ReadTime: 50_000_000, WriteTime: 20_000_000,
		IdleTime: 900_000_000, ReadCount: 1000, WriteCount: 500, QueueDepth: 2, SplitCount: 7,
		QueryTime: 133000000000000000, StorageDeviceNumber: 1}
	if got, err := ParseDiskPerformance(b); err != nil || got != want {
		t.Errorf("got %+v, %v", got, err)
	}
	if _, err := ParseDiskPerformance(b[:40]); !errors.Is(err, ErrShort) {
		t.Errorf("short: %v", err)
	}
}

func utf16le(s string) []byte {
	var b []byte
	for _, c := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, c)
	}
	return b
}

func TestParseEnvironment(t *testing.T) {
	block := utf16le("=C:=C:\\work\x00Path=C:\\windows\x00windir=C:\\windows\x00EMPTY=\x00noequals\x00ÜBER=größe\x00\x00junk=1\x00")
	got := ParseEnvironment(block)
	want := map[string]string{`PATH`: `C:\windows`, `WINDIR`: `C:\windows`, "EMPTY": "", "ÜBER": "größe"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	if got := ParseEnvironment(nil); len(got) != 0 {
		t.Errorf("empty block: %q", got)
	}
}

func TestPEBReads(t *testing.T) {
	params := make([]byte, ParamsSize)
	le := binary.LittleEndian
	le.PutUint16(params[ParamsCommandLine:], 24)
	le.PutUint64(params[ParamsCommandLine+8:], 0x7ff0001000)
	le.PutUint64(params[ParamsEnvironment:], 0x7ff0002000)
	if us := ParseUnicodeString(params, ParamsCommandLine); us != (UnicodeString{Length: 24, Buffer: 0x7ff0001000}) {
		t.Errorf("command line %+v", us)
	}
	if p := Pointer(params, ParamsEnvironment); p != 0x7ff0002000 {
		t.Errorf("environment at %#x", p)
	}
	if us := ParseUnicodeString(params[:10], 0); us != (UnicodeString{}) || Pointer(params[:4], 0) != 0 {
		t.Error("short buffers")
	}
	if s := UTF16Bytes(utf16le("C:\\windows\x00junk"), 0, 30); s != `C:\windows` {
		t.Errorf("UTF16Bytes = %q", s)
	}
}

func TestWTSLogonTime(t *testing.T) {
	b := make([]byte, 216)
	// 2024-01-01T00:00:00Z as a FILETIME.
	binary.LittleEndian.PutUint64(b[200:], 1704067200*TicksPerSecond+EpochDelta)
	if got := WTSLogonTime(b); got != 1704067200 {
		t.Errorf("logon time %v", got)
	}
	if WTSLogonTime(b[:100]) != 0 || WTSLogonTime(make([]byte, 216)) != 0 {
		t.Error("absent logon time")
	}
}

func TestParseHandles(t *testing.T) {
	// SYSTEM_HANDLE_INFORMATION_EX: two handles of pid 4242, one of 7.
	b := make([]byte, 16+3*40)
	le := binary.LittleEndian
	le.PutUint64(b, 3)
	for i, h := range []Handle{
		{Pid: 4242, Value: 0x44, Access: 0x120089, ObjectType: 37, Attributes: 0},
		{Pid: 7, Value: 0x8, Access: 0x1f0003, ObjectType: 16},
		{Pid: 4242, Value: 0x1a4, Access: 0x100001, ObjectType: 37, Attributes: 2},
	} {
		e := b[16+40*i:]
		le.PutUint64(e[0:], 0xffff800000000000+uint64(i))
		le.PutUint64(e[8:], uint64(h.Pid))
		le.PutUint64(e[16:], h.Value)
		le.PutUint32(e[24:], h.Access)
		le.PutUint16(e[30:], h.ObjectType)
		le.PutUint32(e[32:], h.Attributes)
	}
	got, err := ParseHandles(b, 4242)
	if err != nil {
		t.Fatal(err)
	}
	want := []Handle{
		{Pid: 4242, Value: 0x44, Access: 0x120089, ObjectType: 37},
		{Pid: 4242, Value: 0x1a4, Access: 0x100001, ObjectType: 37, Attributes: 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v", got)
	}
	if all, err := ParseHandles(b, -1); err != nil || len(all) != 3 {
		t.Errorf("all: %d, %v", len(all), err)
	}
	if _, err := ParseHandles(b[:100], 1); !errors.Is(err, ErrShort) {
		t.Errorf("short: %v", err)
	}
}

func TestDosPath(t *testing.T) {
	devices := map[string]string{`\device\harddiskvolume1`: "C:", `\device\cdrom0`: "D:"}
	for in, want := range map[string]string{
		`\Device\HarddiskVolume1\Windows\System32\ntdll.dll`: `C:\Windows\System32\ntdll.dll`,
		`\Device\CdRom0\setup.exe`:                           `D:\setup.exe`,
		`\??\C:\Windows\notepad.exe`:                         `C:\Windows\notepad.exe`,
		`\??\UNC\server\share\file.txt`:                      `\\server\share\file.txt`,
		`\Device\Mup\server\share\file.txt`:                  `\\server\share\file.txt`,
		`\\server\share\x`:                                   `\\server\share\x`,
		`\Device\HarddiskVolume9\x`:                          `\Device\HarddiskVolume9\x`,
	} {
		if got := DosPath(in, devices); got != want {
			t.Errorf("DosPath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWTSClientIPv4(t *testing.T) {
	b := make([]byte, 24)
	binary.LittleEndian.PutUint32(b, 2)
	copy(b[6:], []byte{192, 0, 2, 7})
	if got := WTSClientIPv4(b); got != "192.0.2.7" {
		t.Errorf("got %q", got)
	}
	if WTSClientIPv4(make([]byte, 24)) != "" || WTSClientIPv4(b[:4]) != "" {
		t.Error("a local session has an address")
	}
}
