package procfs

import (
	"bytes"
	"testing"
)

func FuzzParseNetIP(f *testing.F) {
	addFixtures(f, []string{"proc/net/tcp", "proc/net/tcp6", "proc/net/udp", "proc/net/udp6", "proc/*/net/tcp", "proc/*/net/tcp6"},
		"  sl  local_address rem_address   st\n   0: 0100007F:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   113        0 23456 1\n",
		"h\n 0: 00000000000000000000000001000000:0016 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 1\n",
		"h\n 0: 0100007F:0CEA 00000000000000000000000000000000:0000 0A 0:0 0:0 0 0 0 1\n",
		"h\n 0: 0100007F:FFFFF 00000000:0000 0A 0:0 0:0 0 4294967296 0 1\n",
		"h\n 0: 0100007F: 00000000:0000 0A 0:0 0:0 0 0 0 1\n",
	)
	addOdd(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		defer watchdog()()
		ss, _ := ParseNetIP(b, nil)
		if len(ss) > bytes.Count(b, []byte("\n")) {
			t.Fatalf("%d sockets from %d lines", len(ss), bytes.Count(b, []byte("\n"))+1)
		}
		for _, s := range ss {
			if !s.IPv6 && ([12]byte(s.LocalIP[4:]) != [12]byte{} || [12]byte(s.RemoteIP[4:]) != [12]byte{}) {
				t.Fatalf("IPv4 socket with a 16-byte address: %+v", s)
			}
		}
	})
}
