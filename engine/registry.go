package engine

import (
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// gopher-lua grows a state's value stack (its registry) to what a call
// needs plus a fixed step, RegistryGrowStep (32 slots), copying the whole
// stack each time: a recursion 7,900 calls deep with 21 registers a call
// took 4.8 s (lua5.1: 0.02 s), and to make up for it every state, each
// coroutine's included, starts with 5,120 slots (80 KiB), so that 20,000
// coroutines took 0.7 s (lua5.1: 0.006 s). As Lua's own stack does, the
// engine's stacks start small and double: before each call the step is
// raised to the stack's present size, so the next growth doubles it.

// registryDoubles is set once the call instructions run doubleNextGrowth
// (interrupt.go).
var registryDoubles bool

// initialRegistrySize is the slots a new state's value stack starts with:
// gopher-lua's floor when the stack doubles, gopher-lua's default when not.
func initialRegistrySize() int {
	if !registryDoubles {
		return lua.RegistrySize
	}
	return 128
}

// registrySlots is the slots L's value stack holds now.
func registrySlots(L *lua.LState) int {
	reg := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.reg))
	return cap(*(*[]lua.LValue)(unsafe.Add(reg, tl.regs)))
}

// doubleNextGrowth raises L's registry step to the registry's size. (The
// step only ever rises; gopher-lua bounds each growth by RegistryMaxSize.)
func doubleNextGrowth(L *lua.LState) {
	if tl.growBy == 0 {
		return
	}
	size := registrySlots(L)
	reg := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.reg))
	if step := (*int)(unsafe.Add(reg, tl.growBy)); *step < size {
		*step = size
	}
}
