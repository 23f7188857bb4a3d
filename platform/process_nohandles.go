//go:build !windows

package platform

// osNumHandles: only Windows counts handles (psutil's num_handles).
func (*processOS) osNumHandles() (int, error) { return 0, notImplemented("Process.num_handles") }
