package sysfs

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/psulua/psulua/platform/internal/procfs"
)

// HwmonSensorBases returns the sensors of one kind ("temp", "fan") among the
// entry names of a hwmon directory, sorted: psutil globs "<kind>*_*" and keeps
// each name up to its first underscore, so temp1_input, temp1_max and
// temp1_label are the one sensor "temp1" (Documentation/hwmon/sysfs-interface).
func HwmonSensorBases(names []string, kind string) []string {
	var bases []string
	for _, n := range names {
		if !strings.HasPrefix(n, kind) {
			continue
		}
		i := strings.IndexByte(n[len(kind):], '_')
		if i < 0 {
			continue
		}
		bases = append(bases, n[:len(kind)+i])
	}
	slices.Sort(bases)
	return slices.Compact(bases)
}

// ParsePyFloat parses an attribute as Python's float(bytes), which is how
// psutil reads hwmon and thermal values: surrounding ASCII whitespace is
// ignored, "inf" and "nan" (signed or not) are numbers, "1_000" is 1000, an
// overflow is an infinity, and hexadecimal is refused.
func ParsePyFloat(b []byte) (float64, error) {
	s := string(procfs.TrimSpace(b))
	if s == "" || strings.ContainsAny(s, "xX") {
		return 0, sensorsNumberError("float", b)
	}
	body := strings.TrimLeft(s, "+-")
	if len(s)-len(body) == 1 && strings.EqualFold(body, "nan") {
		return math.NaN(), nil // strconv refuses a signed NaN
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return v, nil
		}
		return 0, sensorsNumberError("float", b)
	}
	return v, nil
}

// ParsePyInt parses an attribute as Python's int(bytes): base 10, surrounding
// ASCII whitespace ignored, an optional sign, single underscores allowed
// between digits.
func ParsePyInt(b []byte) (int64, error) {
	s := string(procfs.TrimSpace(b))
	if strings.IndexByte(s, '_') >= 0 {
		var ok bool
		if s, ok = sensorsStripUnderscores(s); !ok {
			return 0, sensorsNumberError("int", b)
		}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, sensorsNumberError("int", b)
	}
	return v, nil
}

// TrimPySpace is Python's str.strip(): psutil strips names, labels and
// types read in text mode. It is Go's notion of white space plus the
// separators U+001C..U+001F that Python also counts.
func TrimPySpace(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
	})
}

// sensorsStripUnderscores removes underscores that each sit between two digits.
func sensorsStripUnderscores(s string) (string, bool) {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '_' {
			if i == 0 || i == len(s)-1 || !sensorsIsDigit(s[i-1]) || !sensorsIsDigit(s[i+1]) {
				return "", false
			}
			continue
		}
		out = append(out, s[i])
	}
	return string(out), true
}

func sensorsIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// sensorsNumberError reads like Python's ValueError for the same input.
func sensorsNumberError(kind string, b []byte) error {
	if kind == "int" {
		return fmt.Errorf("%w: invalid literal for int() with base 10: %q", procfs.ErrFileParse, b)
	}
	return fmt.Errorf("%w: could not convert string to float: %q", procfs.ErrFileParse, b)
}
