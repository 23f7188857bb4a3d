package platform

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// processAttr is one attribute of psutil's Process.attrs: the name
// as_dict, process_iter(attrs) and the Lua module know it by, and the
// method that reads it with psutil's default arguments. This table is the
// only list of attributes: prefetching, [Process.Attr], [Process.AsDict],
// [ProcessAttrs] and the Lua getters all derive from it. A new attribute is
// its entry here, its method (psutil's semantics, in process.go) and its
// backend method (processBackend).
type processAttr struct {
	name string
	get  func(p *Process) (any, error)
	// byNameOnly: deprecated, left out of Process.attrs and of an as_dict
	// of everything, but accepted when asked for by name.
	byNameOnly bool
	// os: "windows" for an attribute only Windows has, "!windows" for
	// one it lacks (as the `os` tag of a tuple field, [TupleFieldOnOS]).
	os string
}

// processAttrID indexes processAttrTable; prefetched values are kept by it.
type processAttrID uint8

const (
	attrCmdline processAttrID = iota
	attrCPUAffinity
	attrCPUNum
	attrCPUPercent
	attrCPUTimes
	attrCreateTime
	attrCwd
	attrEnviron
	attrExe
	attrGids
	attrIOCounters
	attrIonice
	attrMemoryFootprint
	attrMemoryFullInfo
	attrMemoryInfo
	attrMemoryInfoEx
	attrMemoryMaps
	attrMemoryPercent
	attrName
	attrNetConnections
	attrNice
	attrNumCtxSwitches
	attrNumFds
	attrNumHandles
	attrNumThreads
	attrOpenFiles
	attrPageFaults
	attrPid
	attrPpid
	attrStatus
	attrTerminal
	attrThreads
	attrUids
	attrUsername
	processAttrCount
)

// processAttrTable is psutil 8's Process.attrs on Linux and on Windows,
// with the deprecated memory_full_info.
var processAttrTable = [processAttrCount]processAttr{
	attrCmdline:         {name: "cmdline", get: func(p *Process) (any, error) { return processBox(p.Cmdline()) }},
	attrCPUAffinity:     {name: "cpu_affinity", get: func(p *Process) (any, error) { return processBox(p.CPUAffinity()) }},
	attrCPUNum:          {name: "cpu_num", get: func(p *Process) (any, error) { return processBox(p.CPUNum()) }, os: "!windows"},
	attrCPUPercent:      {name: "cpu_percent", get: func(p *Process) (any, error) { return processBox(p.CPUPercent(context.Background(), 0)) }},
	attrCPUTimes:        {name: "cpu_times", get: func(p *Process) (any, error) { return processBox(p.CPUTimes()) }},
	attrCreateTime:      {name: "create_time", get: func(p *Process) (any, error) { return processBox(p.CreateTime()) }},
	attrCwd:             {name: "cwd", get: func(p *Process) (any, error) { return processBox(p.Cwd()) }},
	attrEnviron:         {name: "environ", get: func(p *Process) (any, error) { return processBox(p.Environ()) }},
	attrExe:             {name: "exe", get: func(p *Process) (any, error) { return processBox(p.Exe()) }},
	attrGids:            {name: "gids", get: func(p *Process) (any, error) { return processBox(p.Gids()) }, os: "!windows"},
	attrIOCounters:      {name: "io_counters", get: func(p *Process) (any, error) { return processBox(p.IOCounters()) }},
	attrIonice:          {name: "ionice", get: func(p *Process) (any, error) { return processBox(p.Ionice()) }},
	attrMemoryFootprint: {name: "memory_footprint", get: func(p *Process) (any, error) { return processBox(p.MemoryFootprint()) }},
	attrMemoryFullInfo:  {name: "memory_full_info", get: func(p *Process) (any, error) { return processBox(p.MemoryFullInfo()) }, byNameOnly: true},
	attrMemoryInfo:      {name: "memory_info", get: func(p *Process) (any, error) { return processBox(p.MemoryInfo()) }},
	attrMemoryInfoEx:    {name: "memory_info_ex", get: func(p *Process) (any, error) { return processBox(p.MemoryInfoEx()) }},
	attrMemoryMaps:      {name: "memory_maps", get: func(p *Process) (any, error) { return processBox(p.MemoryMaps()) }},
	attrMemoryPercent:   {name: "memory_percent", get: func(p *Process) (any, error) { return processBox(p.MemoryPercent("rss")) }},
	attrName:            {name: "name", get: func(p *Process) (any, error) { return processBox(p.Name()) }},
	attrNetConnections:  {name: "net_connections", get: func(p *Process) (any, error) { return processBox(p.NetConnections("inet")) }},
	attrNice:            {name: "nice", get: func(p *Process) (any, error) { return processBox(p.Nice()) }},
	attrNumCtxSwitches:  {name: "num_ctx_switches", get: func(p *Process) (any, error) { return processBox(p.NumCtxSwitches()) }},
	attrNumFds:          {name: "num_fds", get: func(p *Process) (any, error) { return processBox(p.NumFds()) }, os: "!windows"},
	attrNumHandles:      {name: "num_handles", get: func(p *Process) (any, error) { return processBox(p.NumHandles()) }, os: "windows"},
	attrNumThreads:      {name: "num_threads", get: func(p *Process) (any, error) { return processBox(p.NumThreads()) }},
	attrOpenFiles:       {name: "open_files", get: func(p *Process) (any, error) { return processBox(p.OpenFiles()) }},
	attrPageFaults:      {name: "page_faults", get: func(p *Process) (any, error) { return processBox(p.PageFaults()) }},
	attrPid:             {name: "pid", get: func(p *Process) (any, error) { return p.pid, nil }},
	attrPpid:            {name: "ppid", get: func(p *Process) (any, error) { return processBox(p.Ppid()) }},
	attrStatus:          {name: "status", get: func(p *Process) (any, error) { return processBox(p.Status()) }},
	attrTerminal:        {name: "terminal", get: func(p *Process) (any, error) { return processBox(p.Terminal()) }, os: "!windows"},
	attrThreads:         {name: "threads", get: func(p *Process) (any, error) { return processBox(p.Threads()) }},
	attrUids:            {name: "uids", get: func(p *Process) (any, error) { return processBox(p.Uids()) }, os: "!windows"},
	attrUsername:        {name: "username", get: func(p *Process) (any, error) { return processBox(p.Username()) }},
}

func processBox[T any](v T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return v, nil
}

// processAttrNames is Process.attrs, sorted; processAllAttrs the same
// attributes by id, for as_dict and process_iter of everything.
var processAttrNames, processAllAttrs = func() ([]string, []processAttrID) {
	var names []string
	var ids []processAttrID
	for id, a := range processAttrTable {
		if !a.byNameOnly && TupleFieldOnOS(a.os) {
			names = append(names, a.name)
			ids = append(ids, processAttrID(id))
		}
	}
	slices.Sort(names)
	return names, ids
}()

// ProcessAttrs is psutil's Process.attrs: the attribute names accepted by
// [Process.Attr], [Process.AsDict] and [System.ProcessIterAttrs], sorted.
// The deprecated names of [ProcessDeprecatedAttrs] are also accepted when
// asked for by name.
func ProcessAttrs() []string { return slices.Clone(processAttrNames) }

// ProcessDeprecatedAttrs are the attributes psutil still accepts by name
// but leaves out of Process.attrs ("memory_full_info").
func ProcessDeprecatedAttrs() []string {
	var names []string
	for _, a := range processAttrTable {
		if a.byNameOnly && TupleFieldOnOS(a.os) {
			names = append(names, a.name)
		}
	}
	return names
}

// processAttrByName finds an attribute of this OS by its name.
func processAttrByName(name string) (processAttrID, bool) {
	id, ok := processAttrIndex[name]
	return id, ok
}

// processAttrIndex maps the names of this OS's attributes to their ids: a
// monitor resolves the names of every as_dict it asks for.
var processAttrIndex = func() map[string]processAttrID {
	m := make(map[string]processAttrID, len(processAttrTable))
	for id := range processAttrTable {
		if TupleFieldOnOS(processAttrTable[id].os) {
			m[processAttrTable[id].name] = processAttrID(id)
		}
	}
	return m
}()

// processAttrMaxName is longer than any attribute's name, old ones
// included.
const processAttrMaxName = 64

// processAttrIDs resolves attrs to ids, each once, in the order given:
// every attribute of Process.attrs when attrs is empty. Unknown names are
// as_dict's ValueError.
func processAttrIDs(attrs []string) ([]processAttrID, error) {
	if len(attrs) == 0 {
		return processAllAttrs, nil
	}
	ids := make([]processAttrID, 0, len(attrs))
	var bad []string
	var seen map[string]bool // of bad: a script may pass any number
	for _, a := range attrs {
		if len(a) > processAttrMaxName {
			// No attribute's name is that long: not looked up or hashed (a
			// script's may be hundreds of megabytes), nor told apart from
			// the other long ones.
			bad = append(bad, a)
			continue
		}
		id, ok := processAttrByName(a)
		switch {
		case !ok:
			if !seen[a] {
				if seen == nil {
					seen = map[string]bool{}
				}
				seen[a] = true
				bad = append(bad, a)
			}
		case !slices.Contains(ids, id):
			ids = append(ids, id)
		}
	}
	if len(bad) == 0 {
		return ids, nil
	}
	// psutil quotes every bad name; past a few, and past a sane length,
	// the message says how many more there are instead.
	const maxQuoted = 10
	quoted := make([]string, 0, min(len(bad), maxQuoted+1))
	for i, b := range bad {
		if i == maxQuoted {
			quoted = append(quoted, fmt.Sprintf("and %d more", len(bad)-maxQuoted))
			break
		}
		quoted = append(quoted, PyReprCut(b))
	}
	msg := "invalid attr name "
	if len(bad) > 1 {
		msg = "invalid attr names "
	}
	msg += strings.Join(quoted, ", ")
	for _, b := range bad[:min(len(bad), maxQuoted)] {
		if renamed, version := processAttrRenamed(b); renamed != "" {
			msg += " (psutil " + version + " renamed " + PyRepr(b) + " to " + PyRepr(renamed) + ")"
		}
	}
	return nil, errors.New(msg)
}

// processAttrRenamed returns the name psutil gave an attribute it renamed,
// and the version that did: scripts ported from older psutil still ask
// for the old names.
func processAttrRenamed(name string) (renamed, version string) {
	switch name {
	case "connections":
		return "net_connections", "6.0"
	case "getcwd":
		return "cwd", "2.0"
	case "get_ext_memory_info":
		return "memory_info_ex", "2.0"
	}
	if rest, ok := strings.CutPrefix(name, "get_"); ok {
		if _, known := processAttrByName(rest); known {
			return rest, "2.0" // get_cpu_percent and the other get_* methods
		}
	}
	return "", ""
}

// Attr returns the attribute called name (an element of [ProcessAttrs], or
// of [ProcessDeprecatedAttrs]): the value of the method of that name
// called with psutil's default arguments, boxed as that method returns it
// (Terminal's *string stays a *string, nil for None).
func (p *Process) Attr(name string) (any, error) {
	get, err := ProcessAttrFunc(name)
	if err != nil {
		return nil, err
	}
	return get(p)
}

// ProcessAttrFunc returns what [Process.Attr] does for name, the name
// looked up once: for callers that read the attribute of many processes.
func ProcessAttrFunc(name string) (func(p *Process) (any, error), error) {
	id, ok := processAttrByName(name)
	if !ok {
		_, err := processAttrIDs([]string{name})
		return nil, err
	}
	get := processAttrTable[id].get
	return func(p *Process) (any, error) {
		// What the method would return, boxed once: the method unboxes
		// the prefetched value, and get would box it again.
		if r, ok := p.prefetched(id); ok {
			return r.val, r.err
		}
		return get(p)
	}, nil
}

// processGet is every attribute's method after its own checks: the value
// process_iter prefetched, if any, else the backend's answer with its
// error mapped to psutil's classes.
func processGet[T any](p *Process, id processAttrID, read func() (T, error)) (T, error) {
	if v, ok, err := processPrefetchedAs[T](p, id); ok {
		return v, err
	}
	v, err := read()
	if err != nil {
		return v, p.wrap(err)
	}
	return v, nil
}
