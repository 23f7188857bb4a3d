package winapi

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestCapture writes the raw structures the parsers read into the
// directory PSULUA_WIN_CAPTURE names, to be committed under testdata/ as
// fixtures (the base address of the process list goes beside it):
//
//	PSULUA_WIN_CAPTURE="Z:$(pwd | tr / '\\')\\testdata\\wine8" GOOS=windows go test -run TestCapture \
//		-exec ../../../tests/wine/go-wine-exec .
func TestCapture(t *testing.T) {
	dir := os.Getenv("PSULUA_WIN_CAPTURE")
	if dir == "" {
		t.Skip("PSULUA_WIN_CAPTURE not set")
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	buf, base, err := SystemInformation(5, 256<<10)
	if err != nil {
		t.Fatal(err)
	}
	write("processes.bin", buf)
	write("processes.base", []byte(strconv.FormatUint(uint64(base), 10)+"\n"))
	if buf, _, err = SystemInformation(8, 48*2); err != nil {
		t.Fatal(err)
	}
	write("processor-times.bin", buf)
	if buf, err = LogicalProcessorInformation(); err != nil {
		t.Fatal(err)
	}
	write("logical-processors.bin", buf)
	if buf, err = ExtendedTCPTable(2); err != nil {
		t.Fatal(err)
	}
	write("tcp4.bin", buf)
	if buf, err = ExtendedTCPTable(23); err != nil {
		t.Fatal(err)
	}
	write("tcp6.bin", buf)
}
