package lua51

import (
	"bufio"
	"io"

	lua "github.com/yuin/gopher-lua"
)

// Output gathers what print, io.write and the like send to one writer:
// short pieces into one write, so that a line reaches the writer whole,
// and a long one (outputDirect bytes or more) on its own, not copied:
// print of twenty 50 MB strings used to build a gigabyte first. The first
// write error is kept, and ends the writing.
//
// With L set, Add looks at L's time limit every outputCheckEvery bytes:
// one print of 7,900 strings of a megabyte wrote 8 GB to a pipe in 6 s
// (and a writer that keeps what it is given grows the memory instead).
type Output struct {
	W     io.Writer
	L     *lua.LState
	buf   []byte
	err   error
	added int // since the last look at the time limit
}

const outputDirect = 1 << 16

const outputCheckEvery = 1 << 20

// Add writes s, or keeps it for the next write. A *bufio.Writer (the
// command line's stdout when it is not a terminal) gathers the pieces
// itself, as C's stdio does: they go to it straight, with no buffer of
// Output's to allocate for each print.
func (o *Output) Add(s string) {
	if o.err != nil {
		return
	}
	if o.L != nil {
		if o.added += len(s); o.added >= outputCheckEvery {
			o.added = 0
			CheckGrowth(o.L, "write", 0)
		}
	}
	if b, ok := o.W.(*bufio.Writer); ok {
		_, o.err = b.WriteString(s)
		return
	}
	if len(s) >= outputDirect {
		if o.Flush() == nil {
			_, o.err = io.WriteString(o.W, s)
		}
		return
	}
	o.buf = append(o.buf, s...)
	if len(o.buf) >= outputDirect {
		o.Flush()
	}
}

// Flush writes what Add kept, and returns the first write error.
func (o *Output) Flush() error {
	if o.err == nil && len(o.buf) > 0 {
		_, o.err = o.W.Write(o.buf)
		o.buf = o.buf[:0]
	}
	return o.err
}
