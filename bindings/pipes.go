package bindings

import (
	"bufio"
	"errors"
	"io"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// A Popen's c.stdin, c.stdout and c.stderr under psutil.PIPE: file-like
// objects with the methods of Lua's own files that a pipe supports
// (read, lines, write, flush, close), as Python's are file objects.

const pipeTypeName = "psutil.pipe"

type pipeFile struct {
	name   string        // "stdout"
	r      *bufio.Reader // nil for stdin
	w      io.Writer     // nil for stdout and stderr
	close  func() error
	closed bool
}

func pipeMetatable(L *lua.LState) *lua.LTable {
	reg := L.Get(lua.RegistryIndex).(*lua.LTable)
	if mt, ok := reg.RawGetString(pipeTypeName).(*lua.LTable); ok {
		return mt
	}
	methods := L.NewTable()
	for name, fn := range map[string]lua.LGFunction{
		"read":  pipeRead,
		"lines": pipeLines,
		"write": pipeWrite,
		"flush": func(L *lua.LState) int { checkPipe(L, "flush"); L.Push(L.Get(1)); return 1 },
		"close": pipeClose,
	} {
		methods.RawSetString(name, L.NewFunction(fn))
	}
	mt := L.NewTable()
	mt.RawSetString("__name", lua.LString(pipeTypeName))
	mt.RawSetString("__metatable", lua.LString(protectedMetatable))
	mt.RawSetString("__index", methods)
	mt.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		f := checkPipe(L, "tostring")
		state := "open"
		if f.closed {
			state = "closed"
		}
		L.Push(lua.LString("psutil.pipe (" + f.name + ", " + state + ")"))
		return 1
	}))
	reg.RawSetString(pipeTypeName, mt)
	return mt
}

func pushPipe(L *lua.LState, f *pipeFile) lua.LValue {
	ud := L.NewUserData()
	ud.Value = f
	L.SetMetatable(ud, pipeMetatable(L))
	return ud
}

func checkPipe(L *lua.LState, fn string) *pipeFile {
	if ud, ok := L.Get(1).(*lua.LUserData); ok {
		if f, ok := ud.Value.(*pipeFile); ok {
			return f
		}
	}
	L.RaiseError("bad argument #1 to '%s' (psutil.pipe expected, got %s; call it as f:%s())", fn, typeName(L, L.Get(1)), fn)
	return nil
}

// pipeFail returns what Lua's io functions return on failure: nil, the
// message and an error number.
func pipeFail(L *lua.LState, err error) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(err.Error()))
	L.Push(lua.LNumber(0))
	return 3
}

func pipeReadable(L *lua.LState, fn string) *pipeFile {
	f := checkPipe(L, fn)
	if f.closed {
		L.RaiseError("attempt to use a closed file")
	}
	if f.r == nil {
		L.RaiseError("bad argument #1 to '%s' (%s is not readable)", fn, f.name)
	}
	return f
}

// pipeRead is f:read(...) with Lua's formats: "*l" (the default), "*L",
// "*a", "*n" and a byte count ("l", "a"... without the star too).
func pipeRead(L *lua.LState) int {
	f := pipeReadable(L, "read")
	top := L.GetTop()
	if top == 1 {
		return pipeReadFormat(L, f, lua.LString("*l"), 1)
	}
	n := 0
	for i := 2; i <= top; i++ {
		got := pipeReadFormat(L, f, L.Get(i), i-1)
		n += got
		if L.Get(-1) == lua.LNil {
			break
		}
	}
	return n
}

func pipeReadFormat(L *lua.LState, f *pipeFile, format lua.LValue, argn int) int {
	switch v := format.(type) {
	case lua.LNumber:
		size := int(v)
		if size <= 0 {
			if _, err := f.r.Peek(1); err != nil {
				L.Push(lua.LNil)
			} else {
				L.Push(lua.LString(""))
			}
			return 1
		}
		buf := make([]byte, size)
		got, err := io.ReadFull(f.r, buf)
		if got == 0 && err != nil {
			L.Push(lua.LNil)
			return 1
		}
		L.Push(lua.LString(buf[:got]))
		return 1
	case lua.LString:
		switch strings.TrimPrefix(string(v), "*") {
		case "a":
			b, err := io.ReadAll(f.r)
			if err != nil && !errors.Is(err, io.EOF) {
				return pipeFail(L, err)
			}
			L.Push(lua.LString(b))
			return 1
		case "l", "L":
			line, err := f.r.ReadString('\n')
			if line == "" && err != nil {
				L.Push(lua.LNil)
				return 1
			}
			if strings.TrimPrefix(string(v), "*") == "l" {
				line = strings.TrimSuffix(line, "\n")
			}
			L.Push(lua.LString(line))
			return 1
		case "n":
			var word []byte
			for {
				c, err := f.r.ReadByte()
				if err != nil {
					break
				}
				if len(word) == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
					continue
				}
				if !strings.ContainsRune("0123456789+-.eExXabcdefABCDEF", rune(c)) {
					_ = f.r.UnreadByte()
					break
				}
				word = append(word, c)
			}
			if n, err := strconv.ParseFloat(string(word), 64); err == nil {
				L.Push(lua.LNumber(n))
			} else {
				L.Push(lua.LNil)
			}
			return 1
		}
	}
	L.RaiseError("bad argument #%d to 'read' (invalid format)", argn)
	return 0
}

// pipeLines is f:lines(): an iterator over the lines, without their "\n".
func pipeLines(L *lua.LState) int {
	f := pipeReadable(L, "lines")
	L.Push(L.NewFunction(func(L *lua.LState) int {
		if f.closed {
			L.RaiseError("file is already closed")
		}
		return pipeReadFormat(L, f, lua.LString("*l"), 1)
	}))
	return 1
}

// pipeWrite is f:write(...): strings and numbers; it returns f.
func pipeWrite(L *lua.LState) int {
	f := checkPipe(L, "write")
	if f.closed {
		L.RaiseError("attempt to use a closed file")
	}
	if f.w == nil {
		L.RaiseError("bad argument #1 to 'write' (%s is not writable)", f.name)
	}
	for i := 2; i <= L.GetTop(); i++ {
		var s string
		switch v := L.Get(i).(type) {
		case lua.LString:
			s = string(v)
		case lua.LNumber:
			s = L.ToStringMeta(v).String()
		default:
			L.RaiseError("bad argument #%d to 'write' (string expected, got %s)", i-1, typeName(L, v))
		}
		if _, err := io.WriteString(f.w, s); err != nil {
			return pipeFail(L, err)
		}
	}
	L.Push(L.Get(1))
	return 1
}

// pipeClose is f:close(): closing stdin sends the child end-of-file.
func pipeClose(L *lua.LState) int {
	f := checkPipe(L, "close")
	if f.closed {
		L.RaiseError("attempt to use a closed file")
	}
	f.closed = true
	if err := f.close(); err != nil {
		return pipeFail(L, err)
	}
	L.Push(lua.LTrue)
	return 1
}
