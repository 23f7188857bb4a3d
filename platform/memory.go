package platform

// VirtualMemory is psutil.virtual_memory().
func (s *System) VirtualMemory() (VirtualMemory, error) {
	return VirtualMemory{}, notImplemented("virtual_memory")
}

// SwapMemory is psutil.swap_memory().
func (s *System) SwapMemory() (SwapMemory, error) { return SwapMemory{}, notImplemented("swap_memory") }
