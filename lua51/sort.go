package lua51

import (
	lua "github.com/yuin/gopher-lua"
)

// tableSort is Lua 5.1's table.sort(t [, comp]): its quicksort (ltablib.c's
// auxsort), so that an order function sees the same comparisons, in the
// same order, and an inconsistent one gets the same result or the same
// "invalid order function for sorting". gopher-lua's sorts the whole array
// part (nils past the sequence included) with Go's sort, in one Go call
// the run's time limit could not stop: 2.5 million numbers outran a
// one-second limit by 0.6 s, and a larger table by seconds. This one
// looks at the run's context every sortCheckEvery comparisons.
func tableSort(L *lua.LState) int {
	t := L.CheckTable(1)
	var comp *lua.LFunction
	if L.Get(2) != lua.LNil {
		comp = L.CheckFunction(2)
	}
	s := sorter{L: L, t: t, comp: comp}
	s.sort(1, t.Len())
	return 0
}

const sortCheckEvery = 1 << 12

type sorter struct {
	L     *lua.LState
	t     *lua.LTable
	comp  *lua.LFunction
	count int
}

// less is sort_comp: comp(a, b), or a < b with its metamethods.
func (s *sorter) less(a, b lua.LValue) bool {
	s.count++
	if s.count%sortCheckEvery == 0 {
		if ctx := s.L.Context(); ctx != nil {
			select {
			case <-ctx.Done():
				s.L.RaiseError("%s", ctx.Err().Error())
			default:
			}
		}
	}
	if s.comp == nil {
		return s.L.LessThan(a, b)
	}
	s.L.Push(s.comp)
	s.L.Push(a)
	s.L.Push(b)
	s.L.Call(2, 1)
	r := lua.LVAsBool(s.L.Get(-1))
	s.L.Pop(1)
	return r
}

func (s *sorter) get(i int) lua.LValue { return s.t.RawGetInt(i) }

func (s *sorter) swap(i, j int) {
	a, b := s.get(i), s.get(j)
	s.t.RawSetInt(i, b)
	s.t.RawSetInt(j, a)
}

// sort sorts a[l..u]: the smaller part recursively, the larger in the loop.
func (s *sorter) sort(l, u int) {
	for l < u {
		// Order a[l], a[(l+u)/2] and a[u]; the middle one is the pivot.
		if s.less(s.get(u), s.get(l)) {
			s.swap(l, u)
		}
		if u-l == 1 {
			return
		}
		i := (l + u) / 2
		if s.less(s.get(i), s.get(l)) {
			s.swap(i, l)
		} else if s.less(s.get(u), s.get(i)) {
			s.swap(i, u)
		}
		if u-l == 2 {
			return
		}
		p := s.get(i)
		s.swap(i, u-1)
		// a[l] <= p == a[u-1] <= a[u]: partition a[l+1..u-2].
		i, j := l, u-1
		for {
			for i++; s.less(s.get(i), p); i++ {
				if i > u {
					s.L.RaiseError("invalid order function for sorting")
				}
			}
			for j--; s.less(p, s.get(j)); j-- {
				if j < l {
					s.L.RaiseError("invalid order function for sorting")
				}
			}
			if j < i {
				break
			}
			s.swap(i, j)
		}
		s.swap(u-1, i)
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
