package winapi

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/windows"
)

// TestLayouts checks the parsers' offsets against x/sys's declarations of
// the same structures.
func TestLayouts(t *testing.T) {
	var p windows.SYSTEM_PROCESS_INFORMATION
	var params windows.RTL_USER_PROCESS_PARAMETERS
	var peb windows.PEB
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"sizeof(SYSTEM_PROCESS_INFORMATION)", unsafe.Sizeof(p), procInfoSize},
		{"CreateTime", unsafe.Offsetof(p.CreateTime), 32},
		{"ImageName", unsafe.Offsetof(p.ImageName), 56},
		{"UniqueProcessID", unsafe.Offsetof(p.UniqueProcessID), 80},
		{"HandleCount", unsafe.Offsetof(p.HandleCount), 96},
		{"PageFaultCount", unsafe.Offsetof(p.PageFaultCount), 128},
		{"WorkingSetSize", unsafe.Offsetof(p.WorkingSetSize), 144},
		{"PagefileUsage", unsafe.Offsetof(p.PagefileUsage), 184},
		{"ReadOperationCount", unsafe.Offsetof(p.ReadOperationCount), 208},
		{"OtherTransferCount", unsafe.Offsetof(p.OtherTransferCount), 248},
		{"PEB.ProcessParameters", unsafe.Offsetof(peb.ProcessParameters), PebProcessParameters},
		{"CurrentDirectory", unsafe.Offsetof(params.CurrentDirectory), ParamsCurrentDirectory},
		{"CommandLine", unsafe.Offsetof(params.CommandLine), ParamsCommandLine},
		{"Environment", unsafe.Offsetof(params.Environment), ParamsEnvironment},
	} {
		if c.got != c.want {
			t.Errorf("%s at %d, parsers use %d", c.name, c.got, c.want)
		}
	}
}
