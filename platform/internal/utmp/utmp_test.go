package utmp

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// rawRecord mirrors glibc's struct utmp field by field; binary.Write lays
// it out without padding, so the explicit pad field stands for the 2 bytes
// the C compiler inserts after ut_type.
type rawRecord struct {
	Type     int16
	_        [2]byte
	Pid      int32
	Line     [32]byte
	ID       [4]byte
	User     [32]byte
	Host     [256]byte
	ExitTerm int16
	ExitCode int16
	Session  int32
	Sec      int32
	Usec     int32
	AddrV6   [16]byte
	_        [20]byte
}

func encode(t *testing.T, recs ...Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	for _, r := range recs {
		raw := rawRecord{
			Type: int16(r.Type), Pid: r.Pid, ExitTerm: r.ExitTermination, ExitCode: r.ExitStatus,
			Session: r.Session, Sec: r.Sec, Usec: r.Usec, AddrV6: r.AddrV6,
		}
		copy(raw.Line[:], r.Line)
		copy(raw.ID[:], r.ID)
		copy(raw.User[:], r.User)
		copy(raw.Host[:], r.Host)
		if err := binary.Write(&buf, binary.NativeEndian, &raw); err != nil {
			t.Fatal(err)
		}
	}
	if buf.Len() != len(recs)*RecordSize {
		t.Fatalf("encoded %d bytes for %d records", buf.Len(), len(recs))
	}
	return buf.Bytes()
}

func TestParse(t *testing.T) {
	ssh := Record{
		Type: UserProcess, Pid: 1342, Line: "pts/0", ID: "ts/0", User: "alice", Host: "203.0.113.7",
		Session: 1342, Sec: 1714552021, Usec: 734115, AddrV6: [16]byte{203, 0, 113, 7},
	}
	long := Record{
		Type: UserProcess, Pid: 7, Line: strings.Repeat("l", 32), ID: "abcd",
		User: strings.Repeat("u", 32), Host: strings.Repeat("h", 256), ExitTermination: -1, ExitStatus: 2,
		Sec: -5,
	}
	tests := []struct {
		name string
		data []byte
		want []Record
	}{
		{name: "empty file", data: nil, want: []Record{}},
		{name: "ssh session", data: encode(t, ssh), want: []Record{ssh}},
		{name: "fields filling their arrays have no NUL", data: encode(t, long), want: []Record{long}},
		{
			name: "trailing partial record is ignored",
			data: append(encode(t, ssh, Record{Type: BootTime, Line: "~", ID: "~~", User: "reboot"}), 1, 2, 3),
			want: []Record{ssh, {Type: BootTime, Line: "~", ID: "~~", User: "reboot"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Parse(tt.data); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestParseFixture reads the committed fixture (written by Python's struct
// module in little-endian order; utmpdump(1) shows the same records).
func TestParseFixture(t *testing.T) {
	if binary.NativeEndian.Uint16([]byte{1, 0}) != 1 {
		t.Fatal("the fixture is little-endian; this machine is not")
	}
	data, err := os.ReadFile(filepath.Join("..", "..", "..", "testdata", "host-utmp", "run", "utmp"))
	if err != nil {
		t.Fatal(err)
	}
	kernel := "6.1.0-18-amd64"
	want := []Record{
		{Type: BootTime, Line: "~", ID: "~~", User: "reboot", Host: kernel, Sec: 1714550400, Usec: 512384},
		{Type: RunLevel, Pid: 'N'<<8 | '5', Line: "~", ID: "~~", User: "runlevel", Host: kernel, Sec: 1714550412, Usec: 90211},
		{Type: LoginProcess, Pid: 612, Line: "tty1", ID: "tty1", User: "LOGIN", Session: 612, Sec: 1714550413, Usec: 6071},
		{
			Type: UserProcess, Pid: 1342, Line: "pts/0", ID: "ts/0", User: "alice", Host: "203.0.113.7",
			Session: 1342, Sec: 1714552021, Usec: 734115, AddrV6: [16]byte{203, 0, 113, 7},
		},
		{Type: DeadProcess, Pid: 1288, Line: "pts/1", ID: "ts/1", Session: 1288, Sec: 1714551990, Usec: 400019},
		{Type: UserProcess, Pid: 1517, Line: "tty7", ID: ":0", User: "bob", Host: ":0", Session: 1517, Sec: 1714553277, Usec: 15022},
	}
	if got := Parse(data); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
}
