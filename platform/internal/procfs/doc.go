// Package procfs reads and parses Linux /proc files. It knows the kernel's
// formats, not psutil's semantics: each parser takes bytes and returns the
// kernel's values; platform turns them into psutil's answers.
package procfs

import (
	"errors"
	"fmt"
)

// ErrFileParse is wrapped by every parse failure.
var ErrFileParse = errors.New("procfs: cannot parse")

// parseError quotes only the offending line.
func parseError(file, line string) error {
	return fmt.Errorf("%w %s line %q", ErrFileParse, file, line)
}
