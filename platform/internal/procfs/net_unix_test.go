package procfs

import (
	"errors"
	"testing"
)

const unixHeader = "Num       RefCount Protocol Flags    Type St Inode Path\n"

func TestParseNetUnix(t *testing.T) {
	type sock struct {
		RefCount, Flags uint32
		Type            uint16
		State           uint8
		Inode           uint64
		Path            string
	}
	tests := []struct {
		name string
		in   string
		want []sock
	}{
		{"empty table", unixHeader, nil},
		{"unnamed, inode padded to five columns",
			unixHeader +
				"000000006576f00f: 00000003 00000000 00000000 0001 03  1057\n" +
				"00000000ee1e2349: 00000003 00000000 00000000 0001 03 30305\n",
			[]sock{{3, 0, 1, 3, 1057, ""}, {3, 0, 1, 3, 30305, ""}}},
		{"listening stream socket, path with spaces",
			unixHeader + "000000006e35fcca: 00000002 00000000 00010000 0001 01 30304 /tmp/connsamp/my sock with spaces\n",
			[]sock{{2, 1 << 16, 1, 1, 30304, "/tmp/connsamp/my sock with spaces"}}},
		{"path starting with a space",
			unixHeader + "000000006e35fcca: 00000002 00000000 00000000 0002 01 30304  lead\n",
			[]sock{{2, 0, 2, 1, 30304, " lead"}}},
		{"abstract name with NUL bytes shown as @",
			unixHeader + "00000000f1cd69fe: 00000002 00000000 00000000 0002 01 30307 @abstract@name\n",
			[]sock{{2, 0, 2, 1, 30307, "@abstract@name"}}},
		{"autobound abstract name",
			unixHeader + "0000000000000000: 00000002 00000000 00000000 0002 01 19283 @00012\n",
			[]sock{{2, 0, 2, 1, 19283, "@00012"}}},
		{"seqpacket",
			unixHeader + "00000000c5993730: 00000002 00000000 00000000 0005 01 30308 /tmp/connsamp/seq\n",
			[]sock{{2, 0, 5, 1, 30308, "/tmp/connsamp/seq"}}},
		{"path with a newline continues on the next line",
			unixHeader +
				"00000000dbf89d49: 00000002 00000000 00000000 0002 01 30309 /tmp/connsamp/new\n" +
				"line\n" +
				"00000000f1cd69fe: 00000002 00000000 00000000 0002 01 30307 @abstract@name\n",
			[]sock{{2, 0, 2, 1, 30309, "/tmp/connsamp/new\nline"}, {2, 0, 2, 1, 30307, "@abstract@name"}}},
		{"path with two newlines and spaces",
			unixHeader +
				"00000000dbf89d49: 00000002 00000000 00000000 0002 01 30309 /a\n" +
				"b c\n" +
				"d\n",
			[]sock{{2, 0, 2, 1, 30309, "/a\nb c\nd"}}},
		{"32-bit kernel pointer, no trailing newline",
			unixHeader + "c5993730: 00000002 00000000 00000000 0002 01 30308 /run/x",
			[]sock{{2, 0, 2, 1, 30308, "/run/x"}}},
		{"stray line without spaces is skipped (psutil #766)",
			unixHeader + "garbage\n00000000ee1e2349: 00000003 00000000 00000000 0001 03 30305\n",
			[]sock{{3, 0, 1, 3, 30305, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNetUnix([]byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d sockets %+v, want %d", len(got), got, len(tt.want))
			}
			for i, g := range got {
				gs := sock{g.RefCount, g.Flags, g.Type, g.State, g.Inode, string(g.Path)}
				if gs != tt.want[i] {
					t.Errorf("socket %d:\n got %+v\nwant %+v", i, gs, tt.want[i])
				}
			}
		})
	}
}

func TestParseNetUnixMalformed(t *testing.T) {
	for name, line := range map[string]string{
		"too few fields": "000000006576f00f: 00000003 00000000 00000000 0001\n",
		"bad inode":      "000000006576f00f: 00000003 00000000 00000000 0001 03 12x\n",
		"bad type":       "000000006576f00f: 00000003 00000000 00000000 zz01 03 1057\n",
	} {
		if _, err := ParseNetUnix([]byte(unixHeader+line), nil); !errors.Is(err, ErrFileParse) {
			t.Errorf("%s: err = %v, want ErrFileParse", name, err)
		}
	}
}
