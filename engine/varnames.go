package engine

import (
	"reflect"
	"strconv"
	"strings"
	"unsafe"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/lua51"
)

// gopher-lua's VM words its runtime errors its own way ("attempt to call
// a non-function object", "cannot perform add operation between nil and
// number") and does not name the variable that held the bad value. Lua
// 5.1 says "attempt to call global 'f' (a nil value)": its ldebug.c finds
// the name by reading the bytecode backwards from the failing instruction
// (getobjname). psulua's message handlers (pcall's, xpcall's and a run's,
// and coroutine.resume once a coroutine died) do the same on gopher-lua's
// bytecode while the failing frame is still there, so that only the error
// path pays for it.

// frameLayout locates what lua.Debug and gopher-lua's call frames keep
// unexported: the frame of a Debug, and the frame's function, pc,
// registers and argument count. When the layout is not the expected one
// (another gopher-lua version), messages keep gopher-lua's wording.
type frameLayout struct {
	ok        bool
	frame     uintptr // Debug.frame (*callFrame)
	fn        uintptr // callFrame.Fn (*LFunction)
	pc        uintptr // callFrame.Pc (int)
	localBase uintptr // callFrame.LocalBase (int)
	nargs     uintptr // callFrame.NArgs (int)
	parent    uintptr // callFrame.Parent (*callFrame)
	tailCall  uintptr // callFrame.TailCall (int)
	base      uintptr // callFrame.Base (int): the slot of the function
	array     uintptr // registry.array ([]LValue)
}

// framesLayout is the call frames' layout, found once at start.
func framesLayout() frameLayout { return foundFramesLayout }

var foundFramesLayout = func() frameLayout {
	var l frameLayout
	if !layout().ok {
		return l
	}
	frame, ok := reflect.TypeOf(lua.Debug{}).FieldByName("frame")
	if !ok || frame.Type.Kind() != reflect.Pointer {
		return l
	}
	cf := frame.Type.Elem()
	fn, ok1 := cf.FieldByName("Fn")
	pc, ok2 := cf.FieldByName("Pc")
	lb, ok3 := cf.FieldByName("LocalBase")
	na, ok4 := cf.FieldByName("NArgs")
	par, ok6 := cf.FieldByName("Parent")
	tc, ok7 := cf.FieldByName("TailCall")
	base, ok8 := cf.FieldByName("Base")
	reg, _ := reflect.TypeOf(lua.LState{}).FieldByName("reg")
	arr, ok5 := reg.Type.Elem().FieldByName("array")
	intT := reflect.TypeOf(0)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 || !ok7 || !ok8 || fn.Type != reflect.TypeOf((*lua.LFunction)(nil)) ||
		pc.Type != intT || lb.Type != intT || na.Type != intT || arr.Type != reflect.TypeOf([]lua.LValue(nil)) ||
		par.Type != frame.Type || tc.Type != intT || base.Type != intT {
		return l
	}
	return frameLayout{ok: true, frame: frame.Offset, fn: fn.Offset, pc: pc.Offset, localBase: lb.Offset, nargs: na.Offset,
		parent: par.Offset, tailCall: tc.Offset, base: base.Offset, array: arr.Offset}
}()

// frameInfo is what a message needs of a frame on the stack.
type frameInfo struct {
	ptr       unsafe.Pointer // the *callFrame
	fn        *lua.LFunction
	pc        int // of the instruction running (for a Lua function)
	localBase int
	nargs     int
	regs      []lua.LValue // the whole value stack
}

// reg is register r of the frame, or nil when out of the stack.
func (f *frameInfo) reg(r int) lua.LValue {
	if i := f.localBase + r; i >= 0 && i < len(f.regs) {
		return f.regs[i]
	}
	return nil
}

// frameAt reads the frame at level (as GetStack counts).
func frameAt(L *lua.LState, level int) (*frameInfo, bool) {
	fl := framesLayout()
	if !fl.ok {
		return nil, false
	}
	dbg, ok := L.GetStack(level)
	if !ok {
		return nil, false
	}
	cf := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(dbg), fl.frame))
	return readFrame(L, cf)
}

// readFrame reads the call frame at cf, nil or not.
func readFrame(L *lua.LState, cf unsafe.Pointer) (*frameInfo, bool) {
	fl := framesLayout()
	if cf == nil {
		return nil, false
	}
	f := &frameInfo{
		ptr:       cf,
		fn:        *(**lua.LFunction)(unsafe.Add(cf, fl.fn)),
		pc:        *(*int)(unsafe.Add(cf, fl.pc)) - 1,
		localBase: *(*int)(unsafe.Add(cf, fl.localBase)),
		nargs:     *(*int)(unsafe.Add(cf, fl.nargs)),
	}
	if f.fn == nil {
		return nil, false
	}
	reg := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(L), layout().reg))
	if reg != nil {
		f.regs = *(*[]lua.LValue)(unsafe.Add(reg, fl.array))
	}
	return f, true
}

// Instruction fields, as gopher-lua encodes them (opcode.go).
func opOf(i uint32) int   { return int(i >> 26) }
func argA(i uint32) int   { return int(i>>18) & 0xff }
func argB(i uint32) int   { return int(i & 0x1ff) }
func argC(i uint32) int   { return int(i>>9) & 0x1ff }
func argBx(i uint32) int  { return int(i & 0x3ffff) }
func argSBx(i uint32) int { return argBx(i) - (0x3ffff >> 1) }

const rkConstant = 1 << 8 // an RK operand naming a constant

// The texts gopher-lua's VM raises, after "chunk:line: ".
const (
	gopherCall    = "attempt to call a non-function object"
	gopherIndex   = "attempt to index a non-table object("
	gopherArith   = "cannot perform "
	gopherUnm     = "__unm undefined"
	gopherLen     = "__len undefined"
	gopherCompare = "attempt to compare "
)

// plainMessages are gopher-lua's errors that Lua 5.1 words otherwise and
// names nothing in: the numeric for's, the index loops', and a value stack
// past RegistryMaxSize.
var plainMessages = strings.NewReplacer(
	"registry overflow", "stack overflow",
	"for statement init must be a number", "'for' initial value must be a number",
	"for statement limit must be a number", "'for' limit must be a number",
	"for statement step must be a number", "'for' step must be a number",
	"too many recursions in gettable", "loop in gettable",
	"too many recursions in settable", "loop in settable",
)

// lua51Message rewrites a runtime error message of gopher-lua in Lua
// 5.1's words, naming the variable from the frame at level, the function
// that raised it. Any other value comes back as it was.
func lua51Message(L *lua.LState, level int, v lua.LValue) lua.LValue {
	if s, ok := v.(lua.LString); ok && string(s) == gopherOverflow {
		// Where the recursion was, as Lua 5.1 says.
		for l := level; l < level+8; l++ {
			if w := where51(L, l); w != "" {
				return lua.LString(w + "stack overflow")
			}
		}
		return lua.LString("stack overflow")
	}
	f, haveFrame := frameAt(L, level)
	return lua51MessageOf(L, level, f, haveFrame, v)
}

// lua51MessageOf is lua51Message with the frame at level read already.
func lua51MessageOf(L *lua.LState, level int, f *frameInfo, haveFrame bool, v lua.LValue) lua.LValue {
	s, ok := v.(lua.LString)
	if !ok {
		return v
	}
	msg := string(s)
	if haveFrame && f.fn.IsG && !placesOwnPosition(f.fn) {
		return lua.LString(goCallerPosition(L, f, argMessage(L, level, f, msg)))
	}
	if haveFrame && !f.fn.IsG && strings.Contains(msg, "bad argument #") && f.pc >= 0 && f.pc < len(f.fn.Proto.Code) {
		// A dead coroutine keeps the frame of the Lua function whose call
		// raised, not the Go function's.
		if inst := f.fn.Proto.Code[f.pc]; opOf(inst) == lua.OP_CALL || opOf(inst) == lua.OP_TAILCALL {
			nargs := argB(inst) - 1
			if _, name := objectName(f.fn.Proto, f.pc, argA(inst)); name != "" {
				return lua.LString(argMessageOf(msg, name, nargs, f))
			}
		}
	}
	// The position gopher-lua put in front of its own texts.
	var pos, text string
	for _, t := range []string{gopherCall, gopherIndex, gopherArith, gopherUnm, gopherLen, gopherCompare, "for statement ", "too many recursions in ", "registry overflow"} {
		if i := strings.Index(msg, t); i >= 0 && (i == 0 || strings.HasSuffix(msg[:i], ": ")) {
			pos, text = msg[:i], msg[i:]
			break
		}
	}
	if text == "" {
		return v
	}
	if strings.HasPrefix(text, "for statement ") || strings.HasPrefix(text, "too many recursions in ") || text == "registry overflow" {
		return lua.LString(pos + plainMessages.Replace(text))
	}
	if strings.HasPrefix(text, gopherCompare) {
		return lua.LString(pos + compareMessage(text))
	}
	var inst uint32
	if haveFrame && f.pc >= 0 && f.pc < len(f.fn.Proto.Code) {
		inst = f.fn.Proto.Code[f.pc]
	} else {
		haveFrame = false
	}
	culprit := -1 // the register holding the bad value, if known
	var bad lua.LValue
	var verb string
	switch {
	case text == gopherCall:
		verb = "call"
		if haveFrame && (opOf(inst) == lua.OP_CALL || opOf(inst) == lua.OP_TAILCALL) {
			culprit = argA(inst)
		} else if haveFrame && opOf(inst) == lua.OP_TFORLOOP {
			bad = f.reg(argA(inst))
		}
	case strings.HasPrefix(text, gopherIndex):
		verb = "index"
		typ, _, _ := strings.Cut(text[len(gopherIndex):], ")")
		if haveFrame {
			switch opOf(inst) {
			case lua.OP_GETTABLE, lua.OP_GETTABLEKS, lua.OP_SELF:
				culprit = argB(inst)
			case lua.OP_SETTABLE, lua.OP_SETTABLEKS:
				culprit = argA(inst)
			}
		}
		// A failure further down an __index chain is not the register's.
		if culprit >= 0 && f.reg(culprit) != nil && f.reg(culprit).Type().String() != typ {
			culprit = -1
		}
		if culprit < 0 {
			return lua.LString(pos + "attempt to index a " + typ + " value")
		}
		if f.reg(culprit) == nil {
			// The registers are gone (a dead coroutine's): the type is
			// the text's, and the variable is named only for nil, which
			// no __index chain ends in.
			if kind, name := objectName(f.fn.Proto, f.pc, culprit); kind != "" && typ == "nil" {
				return lua.LString(pos + "attempt to index " + kind + " '" + name + "' (a " + typ + " value)")
			}
			return lua.LString(pos + "attempt to index a " + typ + " value")
		}
	case text == gopherUnm, text == gopherLen:
		verb = "perform arithmetic on"
		if text == gopherLen {
			verb = "get length of"
		}
		if haveFrame && (opOf(inst) == lua.OP_UNM || opOf(inst) == lua.OP_LEN) {
			culprit = argB(inst)
		}
	case strings.HasPrefix(text, gopherArith):
		verb = "perform arithmetic on"
		if strings.HasPrefix(text, gopherArith+"concat ") {
			verb = "concatenate"
		}
		if !haveFrame {
			break
		}
		switch op := opOf(inst); {
		case op >= lua.OP_ADD && op <= lua.OP_POW && verb != "concatenate":
			// Lua blames the first operand unless it is a number.
			r := argB(inst)
			if first := rk(f, r); first == nil {
				// The registers are gone (a dead coroutine's): the text
				// has the operands' types, which decide when the first
				// is not a string (that may be a number's).
				a, b, _ := operandTypes(text)
				if a == "number" {
					r, a = argC(inst), b
				}
				// A string is blamed unless it reads as a number, which
				// is unknown but with a number beside it.
				if (a != "string" || b == "number") && r&rkConstant == 0 {
					if kind, name := objectName(f.fn.Proto, f.pc, r); kind != "" {
						return lua.LString(pos + "attempt to " + verb + " " + kind + " '" + name + "' (a " + a + " value)")
					}
				}
				break
			} else if _, isNum := lua51.ArithNumber(first); isNum {
				r = argC(inst)
			}
			if r&rkConstant != 0 {
				bad = rk(f, r)
			} else {
				culprit = r
			}
		case op == lua.OP_CONCAT && verb == "concatenate":
			culprit = concatCulprit(f, argB(inst), argC(inst))
		}
	}
	if verb == "" {
		return v
	}
	if culprit >= 0 {
		bad = f.reg(culprit)
	}
	if bad == nil {
		typ := typeInText(text)
		if typ == "" {
			return v
		}
		if culprit >= 0 { // its register is gone (a dead coroutine's)
			if kind, name := objectName(f.fn.Proto, f.pc, culprit); kind != "" {
				return lua.LString(pos + "attempt to " + verb + " " + kind + " '" + name + "' (a " + typ + " value)")
			}
		}
		return lua.LString(pos + "attempt to " + verb + " a " + typ + " value")
	}
	what := bad.Type().String()
	if culprit >= 0 {
		if kind, name := objectName(f.fn.Proto, f.pc, culprit); kind != "" {
			return lua.LString(pos + "attempt to " + verb + " " + kind + " '" + name + "' (a " + what + " value)")
		}
	}
	return lua.LString(pos + "attempt to " + verb + " a " + what + " value")
}

// typeInText is the type a gopher-lua arithmetic message blames when the
// registers are not known: the first that is not a number.
func typeInText(text string) string {
	a, b, ok := operandTypes(text)
	if !ok {
		return ""
	}
	if a != "number" && a != "string" || a == "string" && b == "number" {
		return a // (a string beside a number does not read as one)
	}
	return b
}

// operandTypes are the types a gopher-lua arithmetic message names
// ("... between a and b").
func operandTypes(text string) (a, b string, ok bool) {
	_, types, ok := strings.Cut(text, " between ")
	a, b, _ = strings.Cut(types, " and ")
	return a, b, ok
}

// compareMessage is Lua 5.1's luaG_ordererror.
func compareMessage(text string) string {
	a, b, ok := strings.Cut(strings.TrimPrefix(text, gopherCompare), " with ")
	if !ok {
		return text
	}
	return lua51.OrderError(a, b)
}

// rk is an RK operand's value: a constant or a register.
func rk(f *frameInfo, r int) lua.LValue {
	if r&rkConstant != 0 {
		if k := r &^ rkConstant; k < len(f.fn.Proto.Constants) {
			return f.fn.Proto.Constants[k]
		}
		return nil
	}
	return f.reg(r)
}

// concatCulprit is the register Lua 5.1's luaV_concat blames among
// R(b)..R(c): it concatenates from the right, and of a failing pair
// blames the left one unless that is a string or a number.
func concatCulprit(f *frameInfo, b, c int) int {
	ok := func(v lua.LValue) bool {
		t := v.Type()
		return t == lua.LTString || t == lua.LTNumber
	}
	if c <= b || f.reg(c) == nil {
		return -1
	}
	if !ok(f.reg(c - 1)) {
		return c - 1
	}
	if !ok(f.reg(c)) {
		return c
	}
	for r := c - 2; r >= b; r-- {
		if !ok(f.reg(r)) {
			return r
		}
	}
	return -1
}

// objectName is Lua 5.1's getobjname on gopher-lua's bytecode: what
// register r held at instruction pc, as "global", "local", "field",
// "upvalue" or "method" and a name, or "" when it was a temporary value.
func objectName(p *lua.FunctionProto, pc, r int) (kind, name string) {
	if n, ok := localName(p, r, pc); ok {
		return "local", n
	}
	set := lastSetter(p, pc, r)
	if set < 0 {
		return "", ""
	}
	inst := p.Code[set]
	switch opOf(inst) {
	case lua.OP_GETGLOBAL:
		if k := argBx(inst); k < len(p.Constants) {
			if s, ok := p.Constants[k].(lua.LString); ok {
				return "global", string(s)
			}
		}
	case lua.OP_MOVE, lua.OP_MOVEN: // MOVEN is gopher-lua's MOVE followed by others
		if b := argB(inst); b < argA(inst) {
			return objectName(p, set, b)
		}
	case lua.OP_GETTABLE, lua.OP_GETTABLEKS:
		return "field", constantName(p, argC(inst))
	case lua.OP_GETUPVAL:
		if b := argB(inst); b < len(p.DbgUpvalues) {
			return "upvalue", p.DbgUpvalues[b]
		}
		return "upvalue", "?"
	case lua.OP_SELF:
		return "method", constantName(p, argC(inst))
	}
	return "", ""
}

// localName is the script's local variable in register r at pc; the
// rewrites' temporaries, whose names start with '(', are not.
func localName(p *lua.FunctionProto, r, pc int) (string, bool) {
	name, ok := localNameAt(p, r+1, pc)
	if !ok || strings.HasPrefix(name, "(") {
		return "", false
	}
	return name, true
}

// constantName is Lua 5.1's kname: a constant string key, or "?".
func constantName(p *lua.FunctionProto, c int) string {
	if c&rkConstant != 0 {
		if k := c &^ rkConstant; k < len(p.Constants) {
			if s, ok := p.Constants[k].(lua.LString); ok {
				return string(s)
			}
		}
	}
	return "?"
}

// lastSetter is the instruction before pc that last wrote register r, or
// -1 when none does or when a jump from before it lands between it and
// pc (the value may then come from elsewhere).
func lastSetter(p *lua.FunctionProto, pc, r int) int {
	// The words after a CLOSURE (its upvalues) and after a SETLIST with
	// no batch number are data, not instructions.
	data := make([]bool, pc)
	for i := 0; i < pc; i++ {
		switch inst := p.Code[i]; opOf(inst) {
		case lua.OP_CLOSURE:
			if bx := argBx(inst); bx < len(p.FunctionPrototypes) {
				for j := 1; j <= int(p.FunctionPrototypes[bx].NumUpvalues) && i+j < pc; j++ {
					data[i+j] = true
				}
				i += int(p.FunctionPrototypes[bx].NumUpvalues)
			}
		case lua.OP_SETLIST:
			if argC(inst) == 0 && i+1 < pc {
				data[i+1] = true
				i++
			}
		}
	}
	set := -1
	for i := pc - 1; i >= 0 && set < 0; i-- {
		if !data[i] && writes(p.Code, i, r) {
			set = i
		}
	}
	if set < 0 {
		return -1
	}
	for i := 0; i < set; i++ {
		if !data[i] && opOf(p.Code[i]) == lua.OP_JMP {
			if to := i + 1 + argSBx(p.Code[i]); to > set && to <= pc {
				return -1
			}
		}
	}
	return set
}

// writes reports whether the instruction at i changes register r.
func writes(code []uint32, i, r int) bool {
	inst := code[i]
	a := argA(inst)
	switch opOf(inst) {
	case lua.OP_MOVE, lua.OP_MOVEN, lua.OP_LOADK, lua.OP_LOADBOOL, lua.OP_GETUPVAL, lua.OP_GETGLOBAL,
		lua.OP_GETTABLE, lua.OP_GETTABLEKS, lua.OP_NEWTABLE, lua.OP_ADD, lua.OP_SUB, lua.OP_MUL,
		lua.OP_DIV, lua.OP_MOD, lua.OP_POW, lua.OP_UNM, lua.OP_NOT, lua.OP_LEN, lua.OP_CONCAT,
		lua.OP_TESTSET, lua.OP_CLOSURE, lua.OP_FORPREP:
		return r == a
	case lua.OP_LOADNIL:
		return r >= a && r <= argB(inst)
	case lua.OP_SELF:
		return r == a || r == a+1
	case lua.OP_CALL:
		c := argC(inst)
		return r >= a && (c == 0 || r <= a+c-2)
	case lua.OP_VARARG:
		b := argB(inst)
		return r >= a && (b == 0 || r <= a+b-2)
	case lua.OP_TFORLOOP:
		return r >= a+2 && r <= a+2+argC(inst)
	case lua.OP_FORLOOP:
		return r == a || r == a+3
	}
	return false
}

// argMessage rewrites gopher-lua's "bad argument #n to f (...)", raised
// by the Go function of frame f at level, as Lua 5.1's luaL_argerror
// words it: the function's name quoted, "no value" for a missing
// argument.
func argMessage(L *lua.LState, level int, f *frameInfo, msg string) string {
	dbg, _ := L.GetStack(level)
	if _, err := L.GetInfo("n", dbg, nil); err != nil {
		return msg
	}
	caller, _ := frameAt(L, level+1)
	return argMessageOf(msg, dbg.Name, f.nargs, caller)
}

// argMessageOf is argMessage for the Go function named name, called with
// nargs arguments (-1: unknown) by the call instruction of frame caller
// (nil: unknown).
func argMessageOf(msg, calledName string, nargs int, caller *frameInfo) string {
	const prefix = "bad argument #"
	i := strings.Index(msg, prefix)
	if i < 0 {
		return msg
	}
	rest := msg[i+len(prefix):]
	num, rest, ok := strings.Cut(rest, " to ")
	n, err := strconv.Atoi(num)
	if !ok || err != nil {
		return msg
	}
	name, detail, ok := strings.Cut(rest, " (")
	if !ok {
		return msg
	}
	if quoted := strings.TrimSuffix(strings.TrimPrefix(name, "'"), "'"); len(quoted) == len(name)-2 {
		name = quoted // worded as Lua 5.1's already (package lua51), but for self
	} else {
		if calledName != name && name != "(anonymous)" {
			return msg
		}
		if name == "(anonymous)" {
			name = "?"
		}
		if nargs >= 0 && n > nargs && strings.HasSuffix(detail, ", got nil)") {
			detail = strings.TrimSuffix(detail, "nil)") + "no value)"
		}
	}
	// A method call does not count self (luaL_argerror).
	if caller != nil && !caller.fn.IsG && caller.pc >= 0 && caller.pc < len(caller.fn.Proto.Code) {
		inst := caller.fn.Proto.Code[caller.pc]
		if op := opOf(inst); op == lua.OP_CALL || op == lua.OP_TAILCALL {
			if kind, _ := objectName(caller.fn.Proto, caller.pc, argA(inst)); kind == "method" {
				n--
				if n == 0 {
					return msg[:i] + "calling '" + name + "' on bad self (" + detail
				}
			}
		}
	}
	return msg[:i] + prefix + strconv.Itoa(n) + " to '" + name + "' (" + detail
}

// placesOwnPosition reports error, assert and the functions of
// coroutine.wrap, which put the position Lua 5.1 gives in front of their
// message themselves (where51).
func placesOwnPosition(fn *lua.LFunction) bool {
	pc := reflect.ValueOf(fn.GFunction).Pointer()
	return pc == baseErrorPC || pc == baseAssertPC || pc == wrappedCoroutinePC
}

var baseErrorPC, baseAssertPC, wrappedCoroutinePC uintptr

func init() {
	baseErrorPC = reflect.ValueOf(lua.LGFunction(baseError)).Pointer()
	baseAssertPC = reflect.ValueOf(lua.LGFunction(baseAssert)).Pointer()
	wrappedCoroutinePC = reflect.ValueOf(lua.LGFunction((&wrappedCoroutine{}).call)).Pointer()
}

// goCallerPosition drops the position gopher-lua gave the error of Go
// function f when f was called by another Go function (pcall(string.rep)):
// gopher-lua names the first Lua function up the stack, Lua 5.1's
// luaL_where only f's caller, which has no line.
func goCallerPosition(L *lua.LState, f *frameInfo, msg string) string {
	caller, ok := f.parent(L)
	if ok && !caller.fn.IsG {
		return msg
	}
	for ok && caller.fn.IsG {
		caller, ok = caller.parent(L)
	}
	if !ok || caller.pc < 0 || caller.pc >= len(caller.fn.Proto.DbgSourcePositions) {
		return msg
	}
	pos := caller.fn.Proto.SourceName + ":" + strconv.Itoa(caller.fn.Proto.DbgSourcePositions[caller.pc]) + ": "
	return strings.TrimPrefix(msg, pos)
}
