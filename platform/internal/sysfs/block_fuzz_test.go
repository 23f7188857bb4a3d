package sysfs

import "testing"

func FuzzParseBlockStat(f *testing.F) {
	addFixtures(f, []string{"sys/block/*/stat", "sys/block/*/*/stat", "sys/devices/*/*/*/stat", "sys/devices/*/*/*/*/*/*/*/stat", "sys/devices/*/*/*/*/*/*/*/*/stat"},
		"1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26\n",
		"1 2 3 4 5 6 7 8 9\n",
	)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParseBlockStat(b)
	})
}
