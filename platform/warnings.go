package platform

import "slices"

// Warnings returns the texts of the RuntimeWarnings psutil would have
// emitted since the last call, oldest first, and forgets them: fields that
// [System.VirtualMemory] or [System.SwapMemory] set to 0 because the kernel
// does not report them. A text already pending is not recorded twice, as
// Python's default warning filter shows each warning once per call site.
func (s *System) Warnings() []string {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	w := s.warnings
	s.warnings = nil
	return w
}

// warn records a warning for [System.Warnings]; "" records nothing.
func (s *System) warn(text string) {
	if text == "" {
		return
	}
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	if !slices.Contains(s.warnings, text) {
		s.warnings = append(s.warnings, text)
	}
}
