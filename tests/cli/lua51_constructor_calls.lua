-- A call or ... as a table constructor's last field, keyed, gives one
-- value to its key and nothing to the array part.
local function f() return "a", "b" end
local t = {10, 20, x = f()}
print(#t, t[3], t.x)
local u = {"x", "y", [3] = "keep", k = f()}
print(u[3], u.k)
local function g(...) return {1, x = ...} end
print(g("p")[2], g("p").x)
local o = {m = function(self) return "m1", "m2" end}
local v = {5, [5] = f(), y = o:m()}
print(v[2], v[5], v.y)
local w = {x = f(), f()}
print(#w, w[1], w[2], w.x)
local z = {f(), f()}
print(#z, z[1], z[2], z[3])
