//go:build !windows

package bindings

import lua "github.com/yuin/gopher-lua"

// loadOS adds what psutil has only on one OS: nothing here (Linux's is in
// the portable module, which it shaped).
func (m *Module) loadOS(*lua.LState, *lua.LTable) {}

// processMethodsOS adds the Process methods only one OS has.
func (m *Module) processMethodsOS(map[string]lua.LGFunction) {}
