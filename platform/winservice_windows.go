package platform

import (
	"errors"
	"unsafe"

	"golang.org/x/sys/windows"
)

// WindowsService is psutil's WindowsService: an installed Windows service,
// known by its name. Every method but Name and DisplayName asks the
// service control manager afresh; a service that no longer exists is a
// [*NoSuchProcess], one the caller may not query an [*AccessDenied], both
// with the service's name and no pid.
type WindowsService struct {
	name, displayName string
}

// WinServiceIter is psutil.win_service_iter(): every Win32 service.
func (s *System) WinServiceIter() ([]*WindowsService, error) {
	m, err := winSCM()
	if err != nil {
		return nil, err
	}
	defer windows.CloseServiceHandle(m)
	var needed, count, resume uint32
	var buf []byte
	var out []*WindowsService
	for {
		var p *byte
		if len(buf) > 0 {
			p = &buf[0]
		}
		err := windows.EnumServicesStatusEx(m, windows.SC_ENUM_PROCESS_INFO, windows.SERVICE_WIN32,
			windows.SERVICE_STATE_ALL, p, uint32(len(buf)), &needed, &count, &resume, nil)
		if err != nil && err != windows.ERROR_MORE_DATA {
			return nil, err
		}
		if count > 0 {
			for _, e := range unsafe.Slice((*windows.ENUM_SERVICE_STATUS_PROCESS)(unsafe.Pointer(p)), count) {
				out = append(out, &WindowsService{
					name:        windows.UTF16PtrToString(e.ServiceName),
					displayName: windows.UTF16PtrToString(e.DisplayName),
				})
			}
		}
		if err == nil {
			return out, nil
		}
		buf = make([]byte, max(needed, 4096))
	}
}

// WinServiceGet is psutil.win_service_get(name).
func (s *System) WinServiceGet(name string) (*WindowsService, error) {
	svc := &WindowsService{name: name}
	cfg, err := svc.config()
	if err != nil {
		return nil, err
	}
	svc.displayName = cfg.displayName
	return svc, nil
}

// winSCM opens the service control manager for listing, the least access
// psutil asks for.
func winSCM() (windows.Handle, error) {
	return windows.OpenSCManager(nil, nil, windows.SC_MANAGER_ENUMERATE_SERVICE)
}

// open opens the service with access, mapping the errors as psutil does.
func (w *WindowsService) open(access uint32) (windows.Handle, windows.Handle, error) {
	m, err := winSCM()
	if err != nil {
		return 0, 0, w.wrap(err)
	}
	name, err := windows.UTF16PtrFromString(w.name)
	if err != nil {
		windows.CloseServiceHandle(m)
		return 0, 0, w.wrap(windows.ERROR_INVALID_NAME)
	}
	h, err := windows.OpenService(m, name, access)
	if err != nil {
		windows.CloseServiceHandle(m)
		return 0, 0, w.wrap(err)
	}
	return m, h, nil
}

func (w *WindowsService) wrap(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, windows.ERROR_ACCESS_DENIED):
		return &AccessDenied{Name: w.name, Msg: "service " + PyRepr(w.name) + " is not querable (not enough privileges)", Err: err}
	case errors.Is(err, windows.ERROR_INVALID_NAME), errors.Is(err, windows.ERROR_SERVICE_DOES_NOT_EXIST):
		return &NoSuchProcess{Name: w.name, Msg: "service " + PyRepr(w.name) + " does not exist", Err: err}
	}
	return err
}

type winServiceConfig struct {
	displayName, binpath, username, startType string
}

func (w *WindowsService) config() (winServiceConfig, error) {
	m, h, err := w.open(windows.SERVICE_QUERY_CONFIG)
	if err != nil {
		return winServiceConfig{}, err
	}
	defer windows.CloseServiceHandle(m)
	defer windows.CloseServiceHandle(h)
	var needed uint32
	buf := make([]byte, 1024)
	for {
		cfg := (*windows.QUERY_SERVICE_CONFIG)(unsafe.Pointer(&buf[0]))
		err := windows.QueryServiceConfig(h, cfg, uint32(len(buf)), &needed)
		if err == windows.ERROR_INSUFFICIENT_BUFFER {
			buf = make([]byte, needed)
			continue
		}
		if err != nil {
			return winServiceConfig{}, w.wrap(err)
		}
		return winServiceConfig{
			displayName: windows.UTF16PtrToString(cfg.DisplayName),
			binpath:     windows.UTF16PtrToString(cfg.BinaryPathName),
			username:    windows.UTF16PtrToString(cfg.ServiceStartName),
			startType:   winStartType(cfg.StartType),
		}, nil
	}
}

// winStartType names a start type as psutil does.
func winStartType(t uint32) string {
	switch t {
	case windows.SERVICE_AUTO_START:
		return "automatic"
	case windows.SERVICE_DEMAND_START:
		return "manual"
	case windows.SERVICE_DISABLED:
		return "disabled"
	}
	return "unknown"
}

// winServiceState names a service state as psutil does.
func winServiceState(s uint32) string {
	switch s {
	case windows.SERVICE_RUNNING:
		return "running"
	case windows.SERVICE_PAUSED:
		return "paused"
	case windows.SERVICE_START_PENDING:
		return "start_pending"
	case windows.SERVICE_PAUSE_PENDING:
		return "pause_pending"
	case windows.SERVICE_CONTINUE_PENDING:
		return "continue_pending"
	case windows.SERVICE_STOP_PENDING:
		return "stop_pending"
	case windows.SERVICE_STOPPED:
		return "stopped"
	}
	return "unknown"
}

func (w *WindowsService) queryStatus() (status string, pid *int, err error) {
	m, h, err := w.open(windows.SERVICE_QUERY_STATUS)
	if err != nil {
		return "", nil, err
	}
	defer windows.CloseServiceHandle(m)
	defer windows.CloseServiceHandle(h)
	var st windows.SERVICE_STATUS_PROCESS
	var needed uint32
	if err := windows.QueryServiceStatusEx(h, windows.SC_STATUS_PROCESS_INFO, (*byte)(unsafe.Pointer(&st)),
		uint32(unsafe.Sizeof(st)), &needed); err != nil {
		return "", nil, w.wrap(err)
	}
	if st.ProcessId != 0 {
		p := int(st.ProcessId)
		pid = &p
	}
	return winServiceState(st.CurrentState), pid, nil
}

// Name is the service's name, which WinServiceGet takes.
func (w *WindowsService) Name() string { return w.name }

// DisplayName is the service's display name, read when the object was
// made.
func (w *WindowsService) DisplayName() string { return w.displayName }

// Binpath is the command line that starts the service.
func (w *WindowsService) Binpath() (string, error) {
	c, err := w.config()
	return c.binpath, err
}

// Username is the account the service runs as.
func (w *WindowsService) Username() (string, error) {
	c, err := w.config()
	return c.username, err
}

// StartType is "automatic", "manual" or "disabled".
func (w *WindowsService) StartType() (string, error) {
	c, err := w.config()
	return c.startType, err
}

// Pid is the pid of the service's process, nil when it is not running.
func (w *WindowsService) Pid() (*int, error) {
	_, pid, err := w.queryStatus()
	return pid, err
}

// Status is "running", "paused", "start_pending", "pause_pending",
// "continue_pending", "stop_pending" or "stopped".
func (w *WindowsService) Status() (string, error) {
	s, _, err := w.queryStatus()
	return s, err
}

// Description is the service's long description ("" when it has none).
func (w *WindowsService) Description() (string, error) {
	m, h, err := w.open(windows.SERVICE_QUERY_CONFIG)
	if err != nil {
		return "", err
	}
	defer windows.CloseServiceHandle(m)
	defer windows.CloseServiceHandle(h)
	var needed uint32
	buf := make([]byte, 1024)
	for {
		err := windows.QueryServiceConfig2(h, windows.SERVICE_CONFIG_DESCRIPTION, &buf[0], uint32(len(buf)), &needed)
		if err == windows.ERROR_INSUFFICIENT_BUFFER {
			buf = make([]byte, needed)
			continue
		}
		if err != nil {
			return "", w.wrap(err)
		}
		d := (*windows.SERVICE_DESCRIPTION)(unsafe.Pointer(&buf[0]))
		if d.Description == nil {
			return "", nil
		}
		return windows.UTF16PtrToString(d.Description), nil
	}
}

// WindowsServiceInfo is WindowsService.as_dict(), in Go.
type WindowsServiceInfo struct {
	Name        string `json:"name"`
	DisplayName string `json:"display_name"`
	Binpath     string `json:"binpath"`
	Username    string `json:"username"`
	StartType   string `json:"start_type"`
	Status      string `json:"status"`
	Description string `json:"description"`
	Pid         *int   `json:"pid"`
}

// AsDict is WindowsService.as_dict(): every value at once.
func (w *WindowsService) AsDict() (WindowsServiceInfo, error) {
	c, err := w.config()
	if err != nil {
		return WindowsServiceInfo{}, err
	}
	status, pid, err := w.queryStatus()
	if err != nil {
		return WindowsServiceInfo{}, err
	}
	descr, err := w.Description()
	if err != nil {
		return WindowsServiceInfo{}, err
	}
	return WindowsServiceInfo{Name: w.name, DisplayName: w.displayName, Binpath: c.binpath, Username: c.username,
		StartType: c.startType, Status: status, Description: descr, Pid: pid}, nil
}

// String is psutil's str: "WindowsService(name='x', display_name='y')".
func (w *WindowsService) String() string {
	return "WindowsService(name=" + PyRepr(w.name) + ", display_name=" + PyRepr(w.displayName) + ")"
}
