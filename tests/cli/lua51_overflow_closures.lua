local g
local function rec() return 1 + rec() end
local function outer() local x = 42 g = function() return x end rec() end
print(pcall(outer))
print(g())
local h
local function outer2() local y = 43 h = function() return y end local function r(n) local a = {} return r(n+1) + 1 end r(1) end
print(pcall(outer2))
print(h())
print(xpcall(outer, function(m) return "H:" .. m end))
print(g())
-- a pcall inside the recursion, and one made where the stack is full
local depth = 0
local function r2() depth = depth + 1 local ok, e = pcall(r2) if not ok then error(e, 0) end end
print(pcall(r2))
print(depth > 100)
local k
local function outer3() local z = 44 k = function() z = z + 1 return z end rec() end
print(pcall(outer3))
print(k(), k())
