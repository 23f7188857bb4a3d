package lua51

import (
	lua "github.com/yuin/gopher-lua"
)

// tableSort is Lua 5.1's table.sort(t [, comp]): its quicksort (ltablib.c's
// auxsort), so that an order function sees the same comparisons, in the
// same order, and an inconsistent one, or one that changes the table, gets
// the same result or the same "invalid order function for sorting".
// gopher-lua's sorts the whole array part (nils past the sequence
// included) with Go's sort, in one Go call the run's time limit could not
// stop: 2.5 million numbers outran a one-second limit by 0.6 s, and a
// larger table by seconds. This one looks at the run's context as it
// goes: every sortCheckEvery comparisons, sooner for long strings (their
// comparison reads them whole).
func tableSort(L *lua.LState) int {
	t := L.CheckTable(1)
	var comp *lua.LFunction
	if L.Get(2) != lua.LNil {
		comp = L.CheckFunction(2)
	}
	s := sorter{L: L, t: t, comp: comp, budget: sortCheckEvery}
	s.sort(1, t.Len())
	return 0
}

// sortCheckEvery is how many comparisons of short values the sort makes
// between looks at the run's context; a string comparison counts one more
// for every sortStringUnit bytes of the shorter string.
const (
	sortCheckEvery = 1 << 12
	sortStringUnit = 1 << 8
)

type sorter struct {
	L      *lua.LState
	t      *lua.LTable
	comp   *lua.LFunction
	budget int
}

// less is sort_comp: comp(a, b), or a < b with its metamethods.
func (s *sorter) less(a, b lua.LValue) bool {
	s.budget--
	if x, ok := a.(lua.LString); ok {
		if y, ok := b.(lua.LString); ok {
			s.budget -= min(len(x), len(y)) / sortStringUnit
		}
	}
	if s.comp != nil || !plainValue(a) || !plainValue(b) {
		// A function runs: the order function or an __lt, which may be a
		// Go function that runs no instruction (dir: 60 ms a call).
		s.budget = 0
	}
	if s.budget <= 0 {
		s.budget = sortCheckEvery
		CheckGrowth(s.L, "table.sort", 0)
	}
	if s.comp == nil {
		return lessThan(s.L, a, b)
	}
	s.L.Push(s.comp)
	s.L.Push(a)
	s.L.Push(b)
	s.L.Call(2, 1)
	r := lua.LVAsBool(s.L.Get(-1))
	s.L.Pop(1)
	return r
}

// plainValue tells a value that compares without a metamethod.
func plainValue(v lua.LValue) bool {
	switch v.(type) {
	case lua.LNumber, lua.LString:
		return true
	}
	return false
}

func (s *sorter) get(i int) lua.LValue    { return s.t.RawGetInt(i) }
func (s *sorter) set(i int, v lua.LValue) { s.t.RawSetInt(i, v) }

// sort sorts a[l..u]: the smaller part recursively, the larger in the
// loop. Like Lua's, it writes back the values it read before comparing
// them, whatever the order function did to the table meanwhile.
func (s *sorter) sort(l, u int) {
	for l < u {
		// Order a[l], a[(l+u)/2] and a[u]; the middle one is the pivot.
		al, au := s.get(l), s.get(u)
		if s.less(au, al) {
			s.set(l, au)
			s.set(u, al)
		}
		if u-l == 1 {
			return
		}
		i := (l + u) / 2
		ai, al := s.get(i), s.get(l)
		if s.less(ai, al) {
			s.set(i, al)
			s.set(l, ai)
		} else if au := s.get(u); s.less(au, ai) {
			s.set(i, au)
			s.set(u, ai)
		}
		if u-l == 2 {
			return
		}
		p, au1 := s.get(i), s.get(u-1)
		s.set(i, au1)
		s.set(u-1, p)
		// a[l] <= p == a[u-1] <= a[u]: partition a[l+1..u-2].
		i, j := l, u-1
		for {
			var ai, aj lua.LValue
			for {
				i++
				if ai = s.get(i); !s.less(ai, p) {
					break
				}
				if i > u {
					s.L.RaiseError("invalid order function for sorting")
				}
			}
			for {
				j--
				if aj = s.get(j); !s.less(p, aj) {
					break
				}
				if j < l {
					s.L.RaiseError("invalid order function for sorting")
				}
			}
			if j < i {
				break
			}
			s.set(i, aj)
			s.set(j, ai)
		}
		au1, ai = s.get(u-1), s.get(i)
		s.set(u-1, ai)
		s.set(i, au1)
		// a[l..i-1] <= a[i] == p <= a[i+1..u]: recurse into the smaller.
		if i-l < u-i {
			s.sort(l, i-1)
			l = i + 1
		} else {
			s.sort(i+1, u)
			u = i - 1
		}
	}
}

// lessThan is lua_lessthan: numbers and strings compared, other values of
// one type by the __lt metamethod they share, and any other pair an error
// worded as Lua 5.1's, without a position (sort is a C function there).
func lessThan(L *lua.LState, a, b lua.LValue) bool {
	switch x := a.(type) {
	case lua.LNumber:
		if y, ok := b.(lua.LNumber); ok {
			return x < y
		}
	case lua.LString:
		if y, ok := b.(lua.LString); ok {
			return x < y
		}
	}
	ta, tb := a.Type().String(), b.Type().String()
	if ta == tb {
		if mm := L.GetMetaField(a, "__lt"); mm != lua.LNil && mm == L.GetMetaField(b, "__lt") {
			return L.LessThan(a, b)
		}
	}
	L.Error(lua.LString(OrderError(ta, tb)), 0)
	return false
}

// OrderError is luaG_ordererror's message for a comparison of values of
// types a and b. It compares the names' third letters, so a string and a
// thread are "two string values" too.
func OrderError(a, b string) string {
	if a == b || len(a) > 2 && len(b) > 2 && a[2] == b[2] {
		return "attempt to compare two " + a + " values"
	}
	return "attempt to compare " + a + " with " + b
}
