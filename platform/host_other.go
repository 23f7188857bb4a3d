//go:build !linux

package platform

func hostBootTime(FS) (float64, error) { return 0, notImplemented("boot_time") }

func hostUsers(FS) ([]User, error) { return nil, notImplemented("users") }
