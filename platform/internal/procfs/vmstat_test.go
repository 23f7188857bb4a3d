package procfs

import (
	"errors"
	"testing"
)

func TestParseVmstatSwap(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want VmstatSwap
	}{
		{
			name: "swapping",
			in:   "nr_free_pages 95343\npgpgin 529292001\npgpgout 5014788\npswpin 77827\npswpout 148890\npgfree 1\n",
			want: VmstatSwap{Pswpin: 77827, Pswpout: 148890, HasIn: true, HasOut: true},
		},
		{
			name: "never swapped",
			in:   "pswpin 0\npswpout 0",
			want: VmstatSwap{HasIn: true, HasOut: true},
		},
		{
			name: "no vm event counters (psutil #313)",
			in:   "nr_free_pages 95343\nnr_inactive_anon 47196\n",
			want: VmstatSwap{},
		},
		{
			name: "only pswpin",
			in:   "pswpin 12\n",
			want: VmstatSwap{Pswpin: 12, HasIn: true},
		},
		{
			name: "similar names are not swap counters",
			in:   "pswpin_zero 5\npswpinx 7\npswpout 3\n",
			want: VmstatSwap{Pswpout: 3, HasOut: true},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseVmstatSwap([]byte(tt.in))
			if err != nil || got != tt.want {
				t.Errorf("got %+v, %v; want %+v", got, err, tt.want)
			}
		})
	}
	if _, err := ParseVmstatSwap([]byte("pswpin many\n")); !errors.Is(err, ErrFileParse) {
		t.Errorf("bad value: error = %v, want ErrFileParse", err)
	}
}
