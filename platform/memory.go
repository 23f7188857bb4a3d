package platform

// VirtualMemory is psutil.virtual_memory(): system memory usage in bytes.
//
// On Linux the figures match procps-ng's free(1) 4.x: Used is Total minus
// Available (psutil 7.1 and later, #2604; psutil 5.9 used
// total - free - buffers - cached), Cached includes reclaimable slab
// (SReclaimable), as free's buff/cache does, and Available is the kernel's
// MemAvailable or, on kernels before 3.14 or when it reads 0, psutil's
// estimate from the zone watermarks. Fields the kernel does not report are
// 0, and psutil's RuntimeWarning naming them is recorded for
// [System.Warnings].
func (s *System) VirtualMemory() (VirtualMemory, error) {
	vm, warning, err := s.backend.virtualMemory(s.FS(), s.pageSize)
	if err == nil {
		s.warn(warning)
	}
	return vm, err
}

// SwapMemory is psutil.swap_memory(): swap usage in bytes, and the bytes
// swapped in (Sin) and out (Sout) since boot. Sin and Sout are 0 where the
// kernel does not count them or /proc/vmstat cannot be opened; psutil's
// RuntimeWarning saying so is recorded for [System.Warnings].
func (s *System) SwapMemory() (SwapMemory, error) {
	sm, warning, err := s.backend.swapMemory(s.FS())
	if err == nil {
		s.warn(warning)
	}
	return sm, err
}
