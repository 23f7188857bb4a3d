package procfs

import (
	"errors"
	"testing"
)

func TestParseLoadAvg(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want LoadAvg
	}{
		{"idle machine", "0.09 0.08 0.03 1/90 5912\n", LoadAvg{0.09, 0.08, 0.03, 1, 90, 5912}},
		{"busy server", "37.21 30.55 25.01 41/3051 4127731\n", LoadAvg{37.21, 30.55, 25.01, 41, 3051, 4127731}},
		{"no newline", "0.02 0.04 0.05 1/497 11947", LoadAvg{0.02, 0.04, 0.05, 1, 497, 11947}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLoadAvg([]byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
	for _, in := range []string{"", "0.1 0.2\n", "0.1 0.2 x 1/2 3\n", "0.1 0.2 0.3 1/x 3\n"} {
		if _, err := ParseLoadAvg([]byte(in)); !errors.Is(err, ErrFileParse) {
			t.Errorf("ParseLoadAvg(%q) err = %v, want ErrFileParse", in, err)
		}
	}
}
