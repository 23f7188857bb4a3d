package procfs

import (
	"errors"
	"reflect"
	"testing"
)

const netDevHeader = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
`

func TestParseNetDev(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []NetDev
	}{
		{
			name: "short names padded to six columns",
			in: netDevHeader +
				"    lo:    3193      29    0    0    0     0          0         0     3193      29    0    0    0     0       0          0\n" +
				"  eth0: 21197346     743    1    2    3     4          5         6    56775     532    7    8    9    10      11         12\n",
			want: []NetDev{
				{Name: "lo", RxBytes: 3193, RxPackets: 29, TxBytes: 3193, TxPackets: 29},
				{Name: "eth0", RxBytes: 21197346, RxPackets: 743, RxErrs: 1, RxDrop: 2, RxFifo: 3, RxFrame: 4,
					RxCompressed: 5, RxMulticast: 6, TxBytes: 56775, TxPackets: 532, TxErrs: 7, TxDrop: 8,
					TxFifo: 9, TxColls: 10, TxCarrier: 11, TxCompressed: 12},
			},
		},
		{
			name: "15-character name and a vlan name touch the colon",
			in: netDevHeader +
				"abcdefghijklmno:     676       6    0    0    0     0          0         0      486       5    0    0    0     0       0          0\n" +
				"eth0.100:     486       5    0    0    0     0          0         0      676       6    0    0    0     0       0          0\n",
			want: []NetDev{
				{Name: "abcdefghijklmno", RxBytes: 676, RxPackets: 6, TxBytes: 486, TxPackets: 5},
				{Name: "eth0.100", RxBytes: 486, RxPackets: 5, TxBytes: 676, TxPackets: 6},
			},
		},
		{
			name: "counter wider than its column leaves no space after the colon",
			in: netDevHeader +
				"  eth0:18446744073709551615 743 0 0 0 0 0 0 123456789012 532 0 0 0 0 0 0\n",
			want: []NetDev{
				{Name: "eth0", RxBytes: 18446744073709551615, RxPackets: 743, TxBytes: 123456789012, TxPackets: 532},
			},
		},
		{
			name: "no interfaces",
			in:   netDevHeader,
			want: []NetDev{},
		},
		{
			name: "extra columns of a future kernel are ignored",
			in:   netDevHeader + "  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18\n",
			want: []NetDev{{Name: "eth1", RxBytes: 1, RxPackets: 2, RxErrs: 3, RxDrop: 4, RxFifo: 5, RxFrame: 6,
				RxCompressed: 7, RxMulticast: 8, TxBytes: 9, TxPackets: 10, TxErrs: 11, TxDrop: 12, TxFifo: 13,
				TxColls: 14, TxCarrier: 15, TxCompressed: 16}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseNetDev([]byte(tt.in), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 && len(tt.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestParseNetDevErrors(t *testing.T) {
	for name, line := range map[string]string{
		"no colon":           "  eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		"no name":            "    : 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		"too few columns":    "  eth0: 1 2 3 4 5 6 7 8\n",
		"not a number":       "  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n",
		"negative":           "  eth0: -1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
		"overflowing uint64": "  eth0: 18446744073709551616 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseNetDev([]byte(netDevHeader+line), nil)
			if !errors.Is(err, ErrFileParse) {
				t.Fatalf("err = %v, want ErrFileParse", err)
			}
		})
	}
}
