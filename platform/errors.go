package platform

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
)

// Error is implemented by every psutil error class: [*NoSuchProcess],
// [*ZombieProcess], [*AccessDenied] and [*TimeoutExpired].
type Error interface {
	error
	psutilError()
}

// ErrNotImplemented is wrapped by every error returned where the running
// operating system has no backend for a function.
var ErrNotImplemented = errors.New("not implemented")

// NotImplementedError says which function the running OS lacks.
type NotImplementedError struct {
	Func string // psutil's name of the function, e.g. "cpu_times"
	GOOS string
}

func (e *NotImplementedError) Error() string {
	return fmt.Sprintf("psutil.%s is not implemented on %s", e.Func, e.GOOS)
}

// Unwrap makes errors.Is(err, ErrNotImplemented) true.
func (e *NotImplementedError) Unwrap() error { return ErrNotImplemented }

func notImplemented(fn string) error {
	return &NotImplementedError{Func: fn, GOOS: runtime.GOOS}
}

// NoSuchProcess is psutil.NoSuchProcess: the process does not exist, or no
// longer does.
type NoSuchProcess struct {
	Pid  int
	Name string // empty when unknown
	Msg  string
	Err  error // the underlying OS error, if any
}

func (e *NoSuchProcess) Error() string {
	return errorString(e.Message(), e.Pid, e.Name, nil)
}

// Message is psutil's msg attribute: the message without the details.
func (e *NoSuchProcess) Message() string { return e.msgOr("process no longer exists") }
func (e *NoSuchProcess) Unwrap() error   { return e.Err }
func (*NoSuchProcess) psutilError()      {}

func (e *NoSuchProcess) msgOr(def string) string {
	if e.Msg != "" {
		return e.Msg
	}
	return def
}

// ZombieProcess is psutil.ZombieProcess: the process exists but is a zombie,
// so most of it can no longer be read. It is also a NoSuchProcess:
// errors.As(err, new(*NoSuchProcess)) holds for it.
type ZombieProcess struct {
	NoSuchProcess
	Ppid int // 0 when unknown
}

func (e *ZombieProcess) Error() string {
	var ppid *int
	if e.Ppid != 0 {
		ppid = &e.Ppid
	}
	return errorString(e.Message(), e.Pid, e.Name, ppid)
}

// Message is psutil's msg attribute: the message without the details.
func (e *ZombieProcess) Message() string { return e.msgOr("PID still exists but it's a zombie") }

// As lets errors.As find the embedded NoSuchProcess.
func (e *ZombieProcess) As(target any) bool {
	if t, ok := target.(**NoSuchProcess); ok {
		*t = &e.NoSuchProcess
		return true
	}
	return false
}

// AccessDenied is psutil.AccessDenied: the OS refused the operation.
type AccessDenied struct {
	Pid  int // 0 when the error is not about a process
	Name string
	Msg  string
	Err  error
}

func (e *AccessDenied) Error() string {
	return errorString(e.Msg, e.Pid, e.Name, nil)
}

// Message is psutil's msg attribute: the message without the details.
func (e *AccessDenied) Message() string { return e.Msg }
func (e *AccessDenied) Unwrap() error   { return e.Err }
func (*AccessDenied) psutilError()      {}

// TimeoutExpired is psutil.TimeoutExpired: a wait ran out of time.
type TimeoutExpired struct {
	Seconds float64
	Pid     int
	Name    string
}

func (e *TimeoutExpired) Error() string {
	return errorString(e.Message(), e.Pid, e.Name, nil)
}

// Message is psutil's msg attribute: the message without the details.
func (e *TimeoutExpired) Message() string {
	return "timeout after " + strconv.FormatFloat(e.Seconds, 'g', -1, 64) + " seconds"
}
func (*TimeoutExpired) psutilError() {}

// errorString formats like psutil's Error.__str__: "msg (pid=1, name='x')".
func errorString(msg string, pid int, name string, ppid *int) string {
	var details []string
	if pid != 0 {
		details = append(details, "pid="+strconv.Itoa(pid))
	}
	if ppid != nil {
		details = append(details, "ppid="+strconv.Itoa(*ppid))
	}
	if name != "" {
		details = append(details, "name="+PyReprCut(name)) // a script may set any name
	}
	if len(details) == 0 {
		return msg
	}
	if msg == "" {
		return "(" + strings.Join(details, ", ") + ")"
	}
	return msg + " (" + strings.Join(details, ", ") + ")"
}
