//go:build !linux

package prefault

// Elsewhere than on Linux, psulua maps nothing in ahead of time.
