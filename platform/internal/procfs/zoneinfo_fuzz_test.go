package procfs

import "testing"

func FuzzParseZoneinfoLow(f *testing.F) {
	addFixtures(f, []string{"proc/zoneinfo"}, "Node 0, zone DMA\n  pages free 1\n        low      3\n", "low\n", "lowx 1\n", "low 9223372036854775807\nlow 1\n")
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ParseZoneinfoLow(b)
	})
}
