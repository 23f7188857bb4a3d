//go:build !linux

package platform

func memoryVirtual(FS) (VirtualMemory, memoryMissing, error) {
	return VirtualMemory{}, 0, notImplemented("virtual_memory")
}

func memorySwap(FS) (SwapMemory, string, error) {
	return SwapMemory{}, "", notImplemented("swap_memory")
}
