// Package luac stores gopher-lua bytecode (a compiled *lua.FunctionProto)
// as bytes and reads it back, so that a Lua module embedded in the
// program is compiled when the program is built rather than each time it
// starts: gopher-lua has no such format of its own, and compiling
// stdlib's argparse took a quarter of the CPU time of a short example
// script.
//
// The bytes are tied to the gopher-lua version that compiled them (its
// instruction set and FunctionProto may change with it): [Decode] refuses
// bytes of another version, and the caller compiles the source instead.
package luac

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"sync"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// magic starts every encoding; format is the layout version below.
const (
	magic  = "psulua-luac\x00"
	format = 1
)

// The tags of constants.
const (
	tagNil byte = iota
	tagFalse
	tagTrue
	tagNumber
	tagString
)

// Encode returns p (and the functions it defines) as bytes, marked with
// gopherVersion, the gopher-lua version that compiled p.
func Encode(p *lua.FunctionProto, gopherVersion string) ([]byte, error) {
	e := &encoder{b: []byte(magic)}
	e.uint(format)
	e.str(gopherVersion)
	if err := e.proto(p); err != nil {
		return nil, err
	}
	return e.b, nil
}

type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int)     { e.b = binary.AppendVarint(e.b, int64(v)) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

func (e *encoder) proto(p *lua.FunctionProto) error {
	e.str(p.SourceName)
	e.int(p.LineDefined)
	e.int(p.LastLineDefined)
	e.b = append(e.b, p.NumUpvalues, p.NumParameters, p.IsVarArg, p.NumUsedRegisters)
	e.uint(uint64(len(p.Code)))
	for _, inst := range p.Code {
		e.b = binary.LittleEndian.AppendUint32(e.b, inst)
	}
	e.uint(uint64(len(p.Constants)))
	for _, c := range p.Constants {
		switch c := c.(type) {
		case *lua.LNilType:
			e.b = append(e.b, tagNil)
		case lua.LBool:
			tag := tagFalse
			if c {
				tag = tagTrue
			}
			e.b = append(e.b, tag)
		case lua.LNumber:
			e.b = append(e.b, tagNumber)
			e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(float64(c)))
		case lua.LString:
			e.b = append(e.b, tagString)
			e.str(string(c))
		default:
			return fmt.Errorf("luac: a constant of type %s", c.Type())
		}
	}
	e.uint(uint64(len(p.FunctionPrototypes)))
	for _, f := range p.FunctionPrototypes {
		if err := e.proto(f); err != nil {
			return err
		}
	}
	e.uint(uint64(len(p.DbgSourcePositions)))
	for _, pos := range p.DbgSourcePositions {
		e.int(pos)
	}
	e.uint(uint64(len(p.DbgLocals)))
	for _, l := range p.DbgLocals {
		e.str(l.Name)
		e.int(l.StartPc)
		e.int(l.EndPc)
	}
	e.uint(uint64(len(p.DbgCalls)))
	for _, c := range p.DbgCalls {
		e.str(c.Name)
		e.int(c.Pc)
	}
	e.uint(uint64(len(p.DbgUpvalues)))
	for _, u := range p.DbgUpvalues {
		e.str(u)
	}
	return nil
}

// ErrVersion is Decode's error for bytes that another gopher-lua version
// (or another format) made.
var ErrVersion = errors.New("luac: bytecode of another gopher-lua version")

// Decode reads what Encode made of a FunctionProto compiled by
// gopherVersion. Its strings share s's memory (an embedded file's string
// is never freed). It fails with ErrVersion for bytes of another version,
// and when this gopher-lua's FunctionProto has a layout Decode does not
// know.
func Decode(s string, gopherVersion string) (p *lua.FunctionProto, err error) {
	off := stringConstantsOffset()
	if off == 0 {
		return nil, ErrVersion
	}
	d := &decoder{s: s}
	defer func() {
		if r := recover(); r != nil {
			if r != errShort {
				panic(r)
			}
			p, err = nil, errors.New("luac: truncated or malformed bytecode")
		}
	}()
	if d.take(len(magic)) != magic || d.uint() != format || d.str() != gopherVersion {
		return nil, ErrVersion
	}
	p = d.proto(off)
	if d.i != len(d.s) {
		return nil, errors.New("luac: bytes after the bytecode")
	}
	return p, nil
}

var errShort = errors.New("short")

type decoder struct {
	s string
	i int
}

func (d *decoder) take(n int) string {
	if n < 0 || n > len(d.s)-d.i {
		panic(errShort)
	}
	v := d.s[d.i : d.i+n]
	d.i += n
	return v
}

func (d *decoder) byte() byte { return d.take(1)[0] }

// uint reads an unsigned varint (binary.AppendUvarint's).
func (d *decoder) uint() uint64 {
	var v uint64
	for shift := 0; shift < 64; shift += 7 {
		c := d.byte()
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	panic(errShort)
}

// int reads a signed varint (binary.AppendVarint's, zig-zag).
func (d *decoder) int() int {
	u := d.uint()
	return int(int64(u>>1) ^ -int64(u&1))
}

// count reads a length, which cannot exceed the bytes left: each element
// takes at least one.
func (d *decoder) count() int {
	n := d.uint()
	if n > uint64(len(d.s)-d.i) {
		panic(errShort)
	}
	return int(n)
}

func (d *decoder) str() string { return d.take(d.count()) }

func (d *decoder) proto(off uintptr) *lua.FunctionProto {
	p := &lua.FunctionProto{SourceName: d.str(), LineDefined: d.int(), LastLineDefined: d.int()}
	p.NumUpvalues, p.NumParameters, p.IsVarArg, p.NumUsedRegisters = d.byte(), d.byte(), d.byte(), d.byte()
	p.Code = make([]uint32, d.count())
	for i := range p.Code {
		b := d.take(4)
		p.Code[i] = uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
	}
	p.Constants = make([]lua.LValue, d.count())
	strs := make([]string, len(p.Constants)) // gopher-lua's stringConstants: "" for a number
	for i := range p.Constants {
		switch tag := d.byte(); tag {
		case tagNil:
			p.Constants[i] = lua.LNil
		case tagFalse, tagTrue:
			p.Constants[i] = lua.LBool(tag == tagTrue)
		case tagNumber:
			b := d.take(8)
			bits := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
			p.Constants[i] = lua.LNumber(math.Float64frombits(bits))
		case tagString:
			strs[i] = d.str()
			p.Constants[i] = lua.LString(strs[i])
		default:
			panic(errShort)
		}
	}
	*(*[]string)(unsafe.Add(unsafe.Pointer(p), off)) = strs
	p.FunctionPrototypes = make([]*lua.FunctionProto, d.count())
	for i := range p.FunctionPrototypes {
		p.FunctionPrototypes[i] = d.proto(off)
	}
	p.DbgSourcePositions = make([]int, d.count())
	for i := range p.DbgSourcePositions {
		p.DbgSourcePositions[i] = d.int()
	}
	locals := make([]lua.DbgLocalInfo, d.count())
	p.DbgLocals = make([]*lua.DbgLocalInfo, len(locals))
	for i := range locals {
		locals[i] = lua.DbgLocalInfo{Name: d.str(), StartPc: d.int(), EndPc: d.int()}
		p.DbgLocals[i] = &locals[i]
	}
	p.DbgCalls = make([]lua.DbgCall, d.count())
	for i := range p.DbgCalls {
		p.DbgCalls[i] = lua.DbgCall{Name: d.str(), Pc: d.int()}
	}
	p.DbgUpvalues = make([]string, d.count())
	for i := range p.DbgUpvalues {
		p.DbgUpvalues[i] = d.str()
	}
	return p
}

// stringConstantsOffset is where FunctionProto keeps stringConstants, the
// unexported copy of its string constants that gopher-lua's VM reads for
// global names; 0 when it has no such field.
var stringConstantsOffset = sync.OnceValue(func() uintptr {
	f, ok := reflect.TypeOf(lua.FunctionProto{}).FieldByName("stringConstants")
	if !ok || f.Type != reflect.TypeOf([]string(nil)) {
		return 0
	}
	return f.Offset
})
