package platform

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// processOSErrno gives a Windows error the POSIX errno wrap maps:
// ERROR_ACCESS_DENIED and ERROR_PRIVILEGE_NOT_HELD are AccessDenied (as
// EACCES). ERROR_INVALID_PARAMETER means a pid that does not exist only
// from OpenProcess, so the backend's winOpen maps it to ESRCH there.
func processOSErrno(e syscall.Errno) syscall.Errno {
	switch e {
	case windows.ERROR_ACCESS_DENIED, windows.ERROR_PRIVILEGE_NOT_HELD:
		return syscall.EACCES
	}
	return e
}

// winNT turns an NTSTATUS error of a native call into its Win32 error, so
// that wrap classifies it.
func winNT(err error) error {
	if st, ok := err.(windows.NTStatus); ok {
		return st.Errno()
	}
	return err
}
