package procfs

import (
	"errors"
	"testing"
)

func TestParseZoneinfoLow(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int64
	}{
		{
			name: "kernel 3.7, three zones",
			in: "Node 0, zone      DMA\n  pages free     3976\n        min      64\n        low      80\n" +
				"        high     96\n    nr_free_pages 3976\n        protection: (0, 3503, 4007, 4007)\n" +
				"Node 0, zone    DMA32\n  pages free     87395\n        min      14715\n        low      18393\n" +
				"Node 0, zone   Normal\n  pages free     3200\n        min      2116\n        low      2645\n" +
				"              high:  186\n",
			want: 80 + 18393 + 2645,
		},
		{
			name: "kernel 6.x per-node stats and pageset high_min",
			in: "Node 0, zone      DMA\n  per-node stats\n      nr_inactive_anon 1742\n  pages free     3840\n" +
				"        boost    0\n        min      68\n        low      85\n        high     102\n" +
				"              high_min: 42\n              high_max: 240\n" +
				"Node 0, zone  Movable\n  pages free     0\n        min      0\n        low      0\n",
			want: 85,
		},
		{name: "no zones", in: "", want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseZoneinfoLow([]byte(tt.in))
			if err != nil || got != tt.want {
				t.Errorf("got %d, %v; want %d", got, err, tt.want)
			}
		})
	}
}

func TestParseZoneinfoLowErrors(t *testing.T) {
	for _, in := range []string{"        low\n", "        low      x\n"} {
		if _, err := ParseZoneinfoLow([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParseZoneinfoLow(%q) error = %v, want ErrFileParse", in, err)
		}
	}
}
