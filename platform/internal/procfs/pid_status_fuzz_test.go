package procfs

import "testing"

func FuzzParsePidStatus(f *testing.F) {
	addFixtures(f, []string{"proc/*/status", "proc/*/task/*/status"},
		"Name:\tx\nState:\tS (sleeping)\nUid:\t1\t2\t3\t4\nGid:\t1 2\nvoluntary_ctxt_switches: 1\n",
		"State:\n", "Uid:\t-1\t0\t0\t0\n", "VmHWM: 18446744073709551616 kB\n", "Threads: 9223372036854775807\n",
		"Cpus_allowed_list:\t0-3\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParsePidStatus(b)
		if v, ok := PidStatusValue(b, "Cpus_allowed_list"); ok && !contains(b, v) {
			t.Fatalf("value %q does not alias the input", v)
		}
	})
}
