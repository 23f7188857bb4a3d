//go:build !linux

package main

// hugeHeap asks for huge pages on Linux alone (hugeheap_linux.go).
func hugeHeap() {}
