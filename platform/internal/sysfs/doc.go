// Package sysfs reads Linux /sys attribute files: one value per file, as
// the kernel documents them under Documentation/ABI.
package sysfs
