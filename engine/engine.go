// Package engine embeds psulua in Go programs: a Lua host with the psutil
// module preloaded, ready to run scripts.
package engine

import (
	"fmt"
	"io"
	"os"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/bindings"
	"github.com/psulua/psulua/platform"
)

// Options configure a Host. The zero value is usable.
type Options struct {
	// Stdout receives print's output; os.Stdout when nil.
	Stdout io.Writer
	// System is what psutil reads; a new System on the live machine when
	// nil (each Host then has its own cpu_percent and nowrap state).
	System *platform.System
}

// Host is a Lua state with psutil preloaded. A Host is used by one
// goroutine at a time.
type Host struct {
	L      *lua.LState
	stdout io.Writer
}

// New returns a Host with the standard Lua libraries, print writing to
// opts.Stdout, and require("psutil") available.
func New(opts Options) *Host {
	h := &Host{L: lua.NewState(), stdout: opts.Stdout}
	if h.stdout == nil {
		h.stdout = os.Stdout
	}
	sys := opts.System
	if sys == nil {
		sys = platform.New(platform.LiveFS())
	}
	h.L.PreloadModule("psutil", bindings.NewModule(sys).Loader)
	h.L.SetGlobal("print", h.L.NewFunction(h.print))
	return h
}

// print is Lua's print writing to the Host's Stdout: arguments through
// tostring, separated by tabs.
func (h *Host) print(L *lua.LState) int {
	var b strings.Builder
	top := L.GetTop()
	for i := 1; i <= top; i++ {
		if i > 1 {
			b.WriteByte('\t')
		}
		b.WriteString(L.ToStringMeta(L.Get(i)).String())
	}
	b.WriteByte('\n')
	if _, err := io.WriteString(h.stdout, b.String()); err != nil {
		L.RaiseError("print: %v", err)
	}
	return 0
}

// DoString runs a chunk of Lua source.
func (h *Host) DoString(src string) error { return h.L.DoString(src) }

// DoFile runs a Lua file.
func (h *Host) DoFile(path string) error { return h.L.DoFile(path) }

// Close releases the Lua state.
func (h *Host) Close() { h.L.Close() }

// ErrorMessage returns the message of a Lua error without gopher-lua's
// traceback, using the error value's __tostring when it has one.
func ErrorMessage(err error) string {
	if le, ok := err.(*lua.ApiError); ok {
		if le.Object != nil && le.Object != lua.LNil {
			if _, isStr := le.Object.(lua.LString); !isStr {
				return fmt.Sprint(le.Object)
			}
			return le.Object.String()
		}
	}
	return err.Error()
}
