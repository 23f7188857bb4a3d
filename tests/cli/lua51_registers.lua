-- `x = (...)` keeps the locals declared after x (they became Go nils,
-- which crashed the VM when read)
local function f(p0, ...) local l0, l1 l0 = (...) return p0, l0, l1 end
print(f(nil))
print(f(1, 7))
local function g(...) local a, b, c = 1, 2, 3 a = (...) return a, b, c end
print(g())
print(g(9, 8))
local function h(...) local a, b, c = 1, 2, 3 a, b = ... return a, b, c end
print(h(5))
print(select("#", g()))
-- `p = (f())` to the last parameter keeps "arg" and the later locals
local function none() end
local function one(v) return v, "extra" end
local function k(p1, ...) p1 = (none()) return p1, select("#", ...) end
print(k())
print(k(1, 2, 3))
local function m(p1) local x = 7; p1 = (one(1)) return x, p1 end
print(m())
local o = {m = function(self, a) return a, 2 end}
local function n(p1) local x = 7; p1 = (o:m(3)) return x, p1 end
print(n())
local function q(p0, p1, ...) p1 = (none()) p0 = none() return p0, p1, ... end
print(q(1, 2, 3))
