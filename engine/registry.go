package engine

import (
	"reflect"
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

// registryGrowBy is the offset of registry.growBy in gopher-lua's
// registry, 0 when unknown (the growth stays gopher-lua's).
var registryGrowBy = func() uintptr {
	if !tl.ok {
		return 0
	}
	reg, ok := reflect.TypeOf(lua.LState{}).FieldByName("reg")
	if !ok || reg.Type.Kind() != reflect.Pointer {
		return 0
	}
	g, ok := reg.Type.Elem().FieldByName("growBy")
	if !ok || g.Type.Kind() != reflect.Int {
		return 0
	}
	return g.Offset
}()

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

// doubleNextGrowth raises L's registry step to the registry's size. (The
// step only ever rises; gopher-lua bounds each growth by RegistryMaxSize.)
func doubleNextGrowth(L *lua.LState) {
	if registryGrowBy == 0 {
		return
	}
	reg := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), tl.reg))
	size := cap(*(*[]lua.LValue)(unsafe.Add(reg, tl.regs)))
	if step := (*int)(unsafe.Add(reg, registryGrowBy)); *step < size {
		*step = size
	}
}
