package procfs

import (
	"errors"
	"testing"
)

// Linux 6.18, with RLIMIT_NOFILE lowered by prlimit(1).
const pidLimits = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max file size             unlimited            unlimited            bytes     
Max data size             unlimited            unlimited            bytes     
Max stack size            8388608              unlimited            bytes     
Max core file size        0                    unlimited            bytes     
Max resident set          unlimited            unlimited            bytes     
Max processes             96364                96364                processes 
Max open files            100                  200                  files     
Max locked memory         8388608              8388608              bytes     
Max address space         unlimited            unlimited            bytes     
Max file locks            unlimited            unlimited            locks     
Max pending signals       96364                96364                signals   
Max msgqueue size         819200               819200               bytes     
Max nice priority         0                    0                    
Max realtime priority     0                    0                    
Max realtime timeout      unlimited            unlimited            us        
`

func TestParsePidLimits(t *testing.T) {
	got, err := ParsePidLimits([]byte(pidLimits))
	if err != nil {
		t.Fatal(err)
	}
	inf := int64(PidLimitUnlimited)
	want := [16]PidLimit{
		{inf, inf}, {inf, inf}, {inf, inf}, {8388608, inf}, {0, inf}, {inf, inf}, {96364, 96364}, {100, 200},
		{8388608, 8388608}, {inf, inf}, {inf, inf}, {96364, 96364}, {819200, 819200}, {0, 0}, {0, 0}, {inf, inf},
	}
	if got.Limits != want {
		t.Errorf("got  %v\nwant %v", got.Limits, want)
	}
	for r, has := range got.Has {
		if !has {
			t.Errorf("resource %d missing", r)
		}
	}

	// Linux 2.6.18 had no "Max realtime timeout" (2.6.25).
	old, err := ParsePidLimits([]byte("Limit                     Soft Limit           Hard Limit           Units     \nMax open files            1024                 1024                 files     \n"))
	if err != nil || !old.Has[7] || old.Has[15] || old.Limits[7] != (PidLimit{1024, 1024}) {
		t.Errorf("old kernel: got %+v, %v", old, err)
	}

	if _, err := ParsePidLimits([]byte("Limit\nMax open files            lots                 1024                 files\n")); !errors.Is(err, ErrFileParse) {
		t.Errorf("bad value: err = %v, want ErrFileParse", err)
	}
}
