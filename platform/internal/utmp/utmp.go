// Package utmp parses the login records of the utmp file (/var/run/utmp)
// that glibc's getutxent reads: who is logged in, on which terminal, from
// where. It knows the file format, not psutil's semantics.
package utmp

import (
	"bytes"
	"encoding/binary"
)

// RecordSize is the size of glibc's struct utmp on Linux: 384 bytes on
// x86_64, i386, arm64 and the other glibc targets that keep 32-bit time
// fields in utmp (__WORDSIZE_TIME64_COMPAT32) so 32- and 64-bit programs
// share the file. The layout, in bytes from the start of a record:
//
//	  0  ut_type     int16 (2 bytes of padding follow)
//	  4  ut_pid      int32
//	  8  ut_line     [32]byte  device name without "/dev/", NUL padded
//	 40  ut_id       [4]byte   terminal suffix or inittab id
//	 44  ut_user     [32]byte  user name
//	 76  ut_host     [256]byte remote host name, or X display
//	332  ut_exit     int16 e_termination, int16 e_exit
//	336  ut_session  int32
//	340  ut_tv       int32 tv_sec, int32 tv_usec
//	348  ut_addr_v6  [4]int32  remote IPv4 (first word) or IPv6 address
//	364  reserved    [20]byte
//
// Integers are in the machine's byte order.
const RecordSize = 384

// Type is ut_type: the kind of record.
type Type int16

// The values of ut_type from <utmp.h>.
const (
	Empty        Type = 0 // unused slot
	RunLevel     Type = 1 // change of system run level
	BootTime     Type = 2 // time of system boot
	NewTime      Type = 3 // time after a clock change
	OldTime      Type = 4 // time before a clock change
	InitProcess  Type = 5 // process spawned by init
	LoginProcess Type = 6 // getty waiting for a login
	UserProcess  Type = 7 // a logged-in user's session
	DeadProcess  Type = 8 // a session that ended
	Accounting   Type = 9
)

// Record is one utmp entry. Strings stop at the first NUL or at the end of
// their field, whichever comes first: writers do not always
// leave room for a terminator.
type Record struct {
	Type            Type
	Pid             int32
	Line            string // ut_line, e.g. "pts/0"
	ID              string // ut_id
	User            string // ut_user
	Host            string // ut_host, e.g. "203.0.113.7" or ":0"
	ExitTermination int16
	ExitStatus      int16
	Session         int32
	Sec             int32 // ut_tv.tv_sec: seconds since the epoch
	Usec            int32 // ut_tv.tv_usec
	AddrV6          [16]byte
}

// Parse decodes every whole record of a utmp file. A trailing partial
// record is ignored, as glibc ignores a short read.
func Parse(data []byte) []Record {
	recs := make([]Record, 0, len(data)/RecordSize)
	for ; len(data) >= RecordSize; data = data[RecordSize:] {
		recs = append(recs, decode(data[:RecordSize]))
	}
	return recs
}

func decode(b []byte) Record {
	order := binary.NativeEndian
	r := Record{
		Type:            Type(order.Uint16(b[0:])),
		Pid:             int32(order.Uint32(b[4:])),
		Line:            cstring(b[8:40]),
		ID:              cstring(b[40:44]),
		User:            cstring(b[44:76]),
		Host:            cstring(b[76:332]),
		ExitTermination: int16(order.Uint16(b[332:])),
		ExitStatus:      int16(order.Uint16(b[334:])),
		Session:         int32(order.Uint32(b[336:])),
		Sec:             int32(order.Uint32(b[340:])),
		Usec:            int32(order.Uint32(b[344:])),
	}
	copy(r.AddrV6[:], b[348:364])
	return r
}

// cstring is strnlen: the bytes before the first NUL, or all of b.
func cstring(b []byte) string {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	return string(b)
}
