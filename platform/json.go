package platform

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// encoding/json gives psutil's _asdict() of every value platform returns:
// the named tuples' `json` tags are psutil's field names (ntuples.go), and
// a nil pointer, psutil's None, is null. Here are the values whose JSON is
// not their struct's plain encoding:
//
//   - the tuples whose fields differ by OS keep only this OS's fields;
//   - a connection's laddr and raddr take the shape psutil gives them,
//     which depends on its family;
//   - a Process is its as_dict().
//
// The enums (AddressFamily, SocketType, NicDuplex, IOPriorityClass,
// BatteryTime) are their numbers, as Python's json gives an IntEnum: the
// value psutil's constants of this OS hold, which json.Unmarshal reads
// back into the same type; the names are in their Repr.

// marshalTuple encodes a named tuple as a JSON object with the fields
// that belong to it on this OS ([TupleFieldOnOS]), in psutil's order.
func marshalTuple(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	rt := rv.Type()
	var b bytes.Buffer
	b.WriteByte('{')
	for i := 0; i < rt.NumField(); i++ {
		f := rt.Field(i)
		if !TupleFieldOnOS(f.Tag.Get("os")) {
			continue
		}
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(f.Tag.Get("json"))
		b.Write(name)
		b.WriteByte(':')
		val, err := json.Marshal(rv.Field(i).Interface())
		if err != nil {
			return nil, err
		}
		b.Write(val)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// MarshalJSON gives this OS's fields of cpu_times.
func (t CPUTimes) MarshalJSON() ([]byte, error) { return marshalTuple(t) }

// MarshalJSON gives this OS's fields of virtual_memory.
func (m VirtualMemory) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// MarshalJSON gives this OS's fields of Process.memory_info.
func (m MemoryInfo) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// MarshalJSON gives this OS's fields of Process.memory_info_ex.
func (m MemoryInfoEx) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// MarshalJSON gives this OS's fields of Process.memory_footprint.
func (m MemoryFootprint) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// MarshalJSON gives this OS's fields of Process.memory_full_info.
func (m MemoryFullInfo) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// MarshalJSON gives this OS's fields of Process.cpu_times.
func (t ProcessCPUTimes) MarshalJSON() ([]byte, error) { return marshalTuple(t) }

// MarshalJSON gives this OS's fields of Process.io_counters.
func (c ProcessIOCounters) MarshalJSON() ([]byte, error) { return marshalTuple(c) }

// MarshalJSON gives this OS's fields of an open file.
func (f OpenFile) MarshalJSON() ([]byte, error) { return marshalTuple(f) }

// MarshalJSON gives this OS's fields of a grouped memory map.
func (m MemoryMapGrouped) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// MarshalJSON gives this OS's fields of a memory map region.
func (m MemoryMapExt) MarshalJSON() ([]byte, error) { return marshalTuple(m) }

// connAddrJSON is laddr or raddr as psutil gives it for family: for
// AF_INET and AF_INET6 an addr(ip, port), {"ip": ..., "port": ...}, or
// null for psutil's empty tuple (null rather than [], so that a reader
// finds an object or nothing, never an array); for AF_UNIX the path.
func connAddrJSON(family AddressFamily, a ConnAddr) any {
	switch family {
	case AF_UNIX:
		return a.Path
	case AF_INET, AF_INET6:
		if a.IsZero() {
			return nil
		}
		return a.Addr()
	}
	return a
}

// MarshalJSON gives psutil's sconn, with laddr and raddr shaped by the
// family (see [ConnAddr]).
func (c Conn) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Fd     int           `json:"fd"`
		Family AddressFamily `json:"family"`
		Type   SocketType    `json:"type"`
		Laddr  any           `json:"laddr"`
		Raddr  any           `json:"raddr"`
		Status string        `json:"status"`
		Pid    *int          `json:"pid"`
	}{c.Fd, c.Family, c.Type, connAddrJSON(c.Family, c.Laddr), connAddrJSON(c.Family, c.Raddr), c.Status, c.Pid})
}

// MarshalJSON gives psutil's pconn, with laddr and raddr shaped by the
// family (see [ConnAddr]).
func (c ProcessConn) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Fd     int           `json:"fd"`
		Family AddressFamily `json:"family"`
		Type   SocketType    `json:"type"`
		Laddr  any           `json:"laddr"`
		Raddr  any           `json:"raddr"`
		Status string        `json:"status"`
	}{c.Fd, c.Family, c.Type, connAddrJSON(c.Family, c.Laddr), connAddrJSON(c.Family, c.Raddr), c.Status})
}

// MarshalJSON gives the process's as_dict() of every attribute
// ([Process.AsDict] with no names): an attribute denied (AccessDenied, or
// a zombie's) is null, as_dict's default ad_value None. A process that no
// longer exists is an error, as as_dict raises NoSuchProcess.
func (p *Process) MarshalJSON() ([]byte, error) {
	d, err := p.AsDict(nil, nil)
	if err != nil {
		return nil, err
	}
	return json.Marshal(d)
}
