package platform

// BootTime is psutil.boot_time(): seconds since the epoch.
func (s *System) BootTime() (float64, error) { return 0, notImplemented("boot_time") }

// Users is psutil.users().
func (s *System) Users() ([]User, error) { return nil, notImplemented("users") }
