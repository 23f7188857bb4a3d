package engine

import (
	"context"
	"reflect"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// A protected call that catches an error must close the upvalues of the
// frames the error unwinds, and only those: closures made there keep the
// values they saw, and the frames below keep sharing their locals with
// their closures. gopher-lua closes every open upvalue of the whole stack
// when there is no message handler (yuin/gopher-lua#448) and none when
// there is one, and it clears the unwound registers before returning, so
// closing them afterwards reads nothing. psulua's pcall and xpcall run a
// message handler and close, from it, the upvalues at and above the
// protected call's base, while the registers still hold their values.
//
// gopher-lua exports neither the open-upvalue list nor the stack top, so
// this reads them through their field offsets, found once by reflection;
// when its layout is not the expected one (another gopher-lua version),
// closing is skipped and the run behaves as gopher-lua does.

type stateLayout struct {
	ok         bool
	reg        uintptr // LState.reg (*registry)
	uvcache    uintptr // LState.uvcache (*Upvalue)
	top        uintptr // registry.top (int)
	alloc      uintptr // registry.alloc (*allocator), 0 when not the one gopherNumber is for
	growBy     uintptr // registry.growBy (int), 0 when unknown (registry.go)
	errorFunc  uintptr // LState.hasErrorFunc (bool), 0 when unknown (savedErrorFunc)
	cancel     uintptr // LState.ctxCancelFn (context.CancelFunc), 0 when unknown (shareRunContext)
	uvNext     uintptr // Upvalue.next (*Upvalue)
	uvIndex    uintptr // Upvalue.index (int)
	upvalueTyp reflect.Type
}

// layout is L's layout, found once at start: pcall and the instructions
// read it.
func layout() stateLayout { return foundLayout }

var foundLayout = func() stateLayout {
	var l stateLayout
	st := reflect.TypeOf(lua.LState{})
	reg, ok1 := st.FieldByName("reg")
	uvc, ok2 := st.FieldByName("uvcache")
	if !ok1 || !ok2 || reg.Type.Kind() != reflect.Pointer || uvc.Type != reflect.TypeOf((*lua.Upvalue)(nil)) {
		return l
	}
	top, ok3 := reg.Type.Elem().FieldByName("top")
	ut := reflect.TypeOf(lua.Upvalue{})
	next, ok4 := ut.FieldByName("next")
	index, ok5 := ut.FieldByName("index")
	if !ok3 || !ok4 || !ok5 || top.Type.Kind() != reflect.Int || index.Type.Kind() != reflect.Int || next.Type != uvc.Type {
		return l
	}
	l = stateLayout{ok: true, reg: reg.Offset, uvcache: uvc.Offset, top: top.Offset, uvNext: next.Offset, uvIndex: index.Offset}
	if alloc, ok := reg.Type.Elem().FieldByName("alloc"); ok && alloc.Type.Kind() == reflect.Pointer && alloc.Type.Elem().Name() == "allocator" {
		l.alloc = alloc.Offset
	}
	if g, ok := reg.Type.Elem().FieldByName("growBy"); ok && g.Type.Kind() == reflect.Int {
		l.growBy = g.Offset
	}
	if f, ok := st.FieldByName("hasErrorFunc"); ok && f.Type.Kind() == reflect.Bool {
		l.errorFunc = f.Offset
	}
	if f, ok := st.FieldByName("ctxCancelFn"); ok && f.Type == reflect.TypeOf(context.CancelFunc(nil)) {
		l.cancel = f.Offset
	}
	return l
}()

// stackTop is the absolute index of the first free slot of L's value
// stack, or -1 when the layout is unknown.
func stackTop(L *lua.LState) int {
	l := layout()
	if !l.ok {
		return -1
	}
	reg := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), l.reg))
	if reg == nil {
		return -1
	}
	return *(*int)(unsafe.Add(reg, l.top))
}

// closeUpvaluesFrom closes L's open upvalues at stack index from and
// above, as returning from the frames there would.
func closeUpvaluesFrom(L *lua.LState, from int) {
	l := layout()
	if !l.ok || from < 0 {
		return
	}
	head := (**lua.Upvalue)(unsafe.Add(unsafe.Pointer(L), l.uvcache))
	next := func(uv *lua.Upvalue) **lua.Upvalue {
		return (**lua.Upvalue)(unsafe.Add(unsafe.Pointer(uv), l.uvNext))
	}
	index := func(uv *lua.Upvalue) int {
		return *(*int)(unsafe.Add(unsafe.Pointer(uv), l.uvIndex))
	}
	// The list is sorted by index: cut it at the first one to close.
	link := head
	for *link != nil && index(*link) < from {
		link = next(*link)
	}
	uv := *link
	*link = nil
	for uv != nil {
		following := *next(uv)
		uv.Close()
		uv = following
	}
}
