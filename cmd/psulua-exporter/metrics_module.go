package main

import (
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	lua "github.com/yuin/gopher-lua"

	"github.com/psulua/psulua/engine"
)

// The Lua module `metrics`, as collector scripts see it:
//
//	local metrics = require("metrics")
//	local up = metrics.gauge("app_up", "Whether the app runs.", {"app"})
//	metrics.collect(function()
//	  up:set(1, {app = "web"})
//	end)
//
// A script runs afresh on a pooled host at each scrape, so the module is
// loaded once per run and its functions write into that run's luaRun.

// metricKind is a metric's Prometheus type.
type metricKind int

const (
	gaugeKind metricKind = iota
	counterKind
)

func (k metricKind) String() string {
	if k == counterKind {
		return "counter"
	}
	return "gauge"
}

// maxSeriesPerScript bounds the series one collector may set in a scrape.
const maxSeriesPerScript = 100000

// luaMetric is one declared metric and the series set in this run.
type luaMetric struct {
	run    *luaRun
	name   string
	help   string
	kind   metricKind
	labels []string
	series map[string]*luaSeries // by label values joined with \xff
}

type luaSeries struct {
	values []string // in the declaration's label order
	value  float64
}

// luaRun is what one run of a script declares, sets and registers.
type luaRun struct {
	reserved map[string]bool // names the script may not declare
	metrics  []*luaMetric
	byName   map[string]*luaMetric
	collect  []*lua.LFunction
	nseries  int
	done     bool
}

func newLuaRun(reserved map[string]bool) *luaRun {
	return &luaRun{reserved: reserved, byName: map[string]*luaMetric{}}
}

// runs maps a Lua state (its global state, shared with its coroutines) to
// the run in progress on it.
var runs sync.Map // *lua.Global -> *luaRun

const metricTypeName = "psulua.metric"

// metricsLoader is require("metrics"): a table of the module's functions
// bound to the run in progress on this state.
func metricsLoader(L *lua.LState) int {
	v, ok := runs.Load(L.G)
	if !ok {
		L.RaiseError("metrics: the module is available to collector scripts only")
	}
	run := v.(*luaRun)
	if mt, ok := L.GetTypeMetatable(metricTypeName).(*lua.LTable); !ok || mt == nil {
		newMetricMetatable(L)
	}
	L.Push(L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"gauge":   func(L *lua.LState) int { return metricsDeclare(L, run, gaugeKind) },
		"counter": func(L *lua.LState) int { return metricsDeclare(L, run, counterKind) },
		"collect": func(L *lua.LState) int { return metricsCollect(L, run) },
	}))
	return 1
}

func newMetricMetatable(L *lua.LState) {
	mt := L.NewTypeMetatable(metricTypeName)
	L.SetField(mt, "__index", L.SetFuncs(L.NewTable(), map[string]lua.LGFunction{
		"set": metricSet,
	}))
	L.SetField(mt, "__tostring", L.NewFunction(func(L *lua.LState) int {
		m := checkMetric(L)
		L.Push(lua.LString("metrics." + m.kind.String() + "(" + m.name + ")"))
		return 1
	}))
	L.SetField(mt, "__metatable", lua.LString("protected"))
}

func checkMetric(L *lua.LState) *luaMetric {
	ud := L.CheckUserData(1)
	m, ok := ud.Value.(*luaMetric)
	if !ok {
		L.ArgError(1, "metric expected (call set with a colon: m:set(value, labels))")
	}
	return m
}

// validMetricName is Prometheus's [a-zA-Z_:][a-zA-Z0-9_:]*.
func validMetricName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c == ':' || c|0x20 >= 'a' && c|0x20 <= 'z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// validLabelName is Prometheus's [a-zA-Z_][a-zA-Z0-9_]*, without the
// reserved __ prefix.
func validLabelName(s string) bool {
	if s == "" || strings.HasPrefix(s, "__") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c|0x20 >= 'a' && c|0x20 <= 'z' || i > 0 && c >= '0' && c <= '9' {
			continue
		}
		return false
	}
	return true
}

// reservedPrefixes are the exporter's own families (client_golang's Go
// and process collectors, the collectors' report).
var reservedPrefixes = []string{"go_", "process_", "promhttp_", "psulua_collector_"}

// metricsDeclare is metrics.gauge(name, help, labelnames) and
// metrics.counter(...).
func metricsDeclare(L *lua.LState, run *luaRun, kind metricKind) int {
	fn := "metrics." + kind.String()
	name := L.CheckString(1)
	help := L.OptString(2, "")
	if !validMetricName(name) {
		L.RaiseError("%s: bad metric name %q: a name is letters, digits, '_' and ':', not starting with a digit", fn, name)
	}
	if run.reserved[name] {
		L.RaiseError("%s: metric %s is a built-in metric of the exporter", fn, name)
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(name, p) {
			L.RaiseError("%s: metric %s: names starting with %q are the exporter's own", fn, name, p)
		}
	}
	var labels []string
	switch v := L.Get(3).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		n := v.Len()
		seen := map[string]bool{}
		for i := 1; i <= n; i++ {
			s, ok := v.RawGetInt(i).(lua.LString)
			if !ok {
				L.RaiseError("%s: metric %s: label name #%d is a %s, not a string", fn, name, i, v.RawGetInt(i).Type())
			}
			l := string(s)
			if !validLabelName(l) {
				L.RaiseError("%s: metric %s: bad label name %q: a label name is letters, digits and '_', not starting with a digit or __", fn, name, l)
			}
			if seen[l] {
				L.RaiseError("%s: metric %s: label %q is declared twice", fn, name, l)
			}
			seen[l] = true
			labels = append(labels, l)
		}
		var extra bool
		v.ForEach(func(k, _ lua.LValue) {
			if n, ok := k.(lua.LNumber); !ok || float64(n) != math.Trunc(float64(n)) || int(n) < 1 || int(n) > len(labels) {
				extra = true
			}
		})
		if extra {
			L.RaiseError("%s: metric %s: the label names must be a list of strings", fn, name)
		}
	default:
		L.ArgError(3, "metric "+name+": label names must be a list of strings, got "+v.Type().String())
	}
	if run.done {
		L.RaiseError("%s: metric %s: declared after the scrape ended", fn, name)
	}
	if old, ok := run.byName[name]; ok {
		if old.kind != kind || old.help != help || strings.Join(old.labels, "\xff") != strings.Join(labels, "\xff") {
			L.RaiseError("%s: metric %s is already declared otherwise (as a %s with labels {%s})", fn, name, old.kind, strings.Join(old.labels, ", "))
		}
		L.Push(newMetricValue(L, old))
		return 1
	}
	m := &luaMetric{run: run, name: name, help: help, kind: kind, labels: labels, series: map[string]*luaSeries{}}
	run.byName[name] = m
	run.metrics = append(run.metrics, m)
	L.Push(newMetricValue(L, m))
	return 1
}

func newMetricValue(L *lua.LState, m *luaMetric) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = m
	ud.Metatable = L.GetTypeMetatable(metricTypeName)
	return ud
}

// metricSet is m:set(value, labels).
func metricSet(L *lua.LState) int {
	m := checkMetric(L)
	if m.run.done {
		L.RaiseError("metric %s: set after the scrape ended", m.name)
	}
	num, ok := L.Get(2).(lua.LNumber)
	if !ok {
		L.RaiseError("metric %s: value is a %s, not a number", m.name, L.Get(2).Type())
	}
	value := float64(num)
	if m.kind == counterKind && (value < 0 || math.IsNaN(value)) {
		L.RaiseError("metric %s: a counter's value must be a total >= 0, got %s", m.name, engine.NumberString(num))
	}
	values := make([]string, len(m.labels))
	switch t := L.Get(3).(type) {
	case *lua.LNilType:
		if len(m.labels) > 0 {
			L.RaiseError("metric %s: labels {%s} are missing", m.name, strings.Join(m.labels, ", "))
		}
	case *lua.LTable:
		got := 0
		var bad string
		t.ForEach(func(k, v lua.LValue) {
			if bad != "" {
				return
			}
			ks, ok := k.(lua.LString)
			if !ok {
				bad = "label names must be strings, got a " + k.Type().String()
				return
			}
			i := indexOf(m.labels, string(ks))
			if i < 0 {
				bad = "label " + string(ks) + " is not declared (declared: {" + strings.Join(m.labels, ", ") + "})"
				return
			}
			switch v := v.(type) {
			case lua.LString:
				values[i] = string(v)
			case lua.LNumber:
				values[i] = engine.NumberString(v)
			case lua.LBool:
				values[i] = v.String()
			default:
				bad = "label " + string(ks) + " is a " + v.Type().String() + ", not a string"
				return
			}
			if !utf8.ValidString(values[i]) {
				bad = "label " + string(ks) + " is not valid UTF-8"
				return
			}
			got++
		})
		if bad != "" {
			L.RaiseError("metric %s: %s", m.name, bad)
		}
		if got != len(m.labels) {
			var missing []string
			for _, l := range m.labels {
				if t.RawGetString(l) == lua.LNil {
					missing = append(missing, l)
				}
			}
			sort.Strings(missing)
			L.RaiseError("metric %s: label(s) %s missing", m.name, strings.Join(missing, ", "))
		}
	default:
		L.RaiseError("metric %s: labels must be a table, got a %s", m.name, t.Type())
	}
	key := strings.Join(values, "\xff")
	if s, ok := m.series[key]; ok {
		s.value = value
		return 0
	}
	if m.run.nseries >= maxSeriesPerScript {
		L.RaiseError("metric %s: more than %d series in one collector", m.name, maxSeriesPerScript)
	}
	m.run.nseries++
	m.series[key] = &luaSeries{values: values, value: value}
	return 0
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// metricsCollect is metrics.collect(fn).
func metricsCollect(L *lua.LState, run *luaRun) int {
	fn := L.CheckFunction(1)
	if run.done {
		L.RaiseError("metrics.collect: called after the scrape ended")
	}
	run.collect = append(run.collect, fn)
	return 0
}
