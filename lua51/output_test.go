package lua51

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
)

// Output to a *bufio.Writer hands the pieces to its buffer: what reaches
// the writer below is the same, and a line costs no allocation.
func TestOutputThroughABufferedWriter(t *testing.T) {
	var direct, below bytes.Buffer
	buffered := bufio.NewWriterSize(&below, 64)
	for _, w := range []struct {
		o     Output
		flush func()
	}{{Output{W: &direct}, func() {}}, {Output{W: buffered}, func() { buffered.Flush() }}} {
		o := w.o
		for _, s := range []string{"a\t", "b", "\n", strings.Repeat("x", outputDirect), "end\n"} {
			o.Add(s)
		}
		if err := o.Flush(); err != nil {
			t.Fatal(err)
		}
		w.flush()
	}
	if direct.String() != below.String() {
		t.Errorf("through bufio: %d bytes, want the same %d bytes", below.Len(), direct.Len())
	}
	line := strings.Repeat("y", 80)
	o := Output{W: bufio.NewWriterSize(&below, 4096)}
	if n := testing.AllocsPerRun(100, func() { o.Add(line); o.Add("\n"); o.Flush() }); n != 0 {
		t.Errorf("%v allocations a line, want none", n)
	}
}
