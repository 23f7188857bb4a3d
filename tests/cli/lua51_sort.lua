-- table.sort as Lua 5.1's quicksort does it: the same order for
-- inconsistent comparators, the same comparisons, the same errors.
local function show(t) return table.concat(t, " ") end
local seed = 1
local function rand(n) seed = (seed * 16807) % 2147483647 return seed % n end
local t = {}
for i = 1, 200 do t[i] = rand(50) end
table.sort(t)
print(show(t))
for i = 1, 200 do t[i] = rand(50) end
table.sort(t, function(a, b) return a > b end)
print(show(t))
-- A comparator that is not a strict order: Lua's result, or its error.
for _, n in ipairs({5, 17, 64}) do
  local u = {}
  for i = 1, n do u[i] = rand(4) end
  local ok, err = pcall(function() table.sort(u, function(a, b) return a <= b end) end)
  print(ok, err, show(u))
end
local calls = {}
local v = {5, 3, 8, 1, 9, 2}
table.sort(v, function(a, b) calls[#calls + 1] = a .. "<" .. b return a < b end)
print(show(v), show(calls))
print(pcall(table.sort, {3, 1, "x"}))
print(pcall(table.sort, {3, 1}, 42))
print(pcall(table.sort))
local w = {"b", "a", "c"}
table.sort(w, nil)
print(show(w))
local mt = {__lt = function(a, b) return a.k < b.k end}
local objs = {}
for i = 1, 10 do objs[i] = setmetatable({k = rand(100)}, mt) end
table.sort(objs)
local ks = {}
for i = 1, 10 do ks[i] = objs[i].k end
print(show(ks))
print(pcall(table.sort, {1, 2, 3}, function(a, b) error("boom") end))
print(pcall(function() table.sort({3, 1, 2, 5, 4}, function(a, b) return true end) end))
-- An order function that changes the table: Lua writes back what it read.
local m = {3, 1, 2}
table.sort(m, function(a, b) m[1] = 99 return a < b end)
print(m[1], m[2], m[3])
local r = {5, 3, 8, 1}
table.sort(r, function(a, b) if #r == 4 and a == 5 then table.sort(r) end return a < b end)
print(show(r))

-- sort's comparison errors are Lua 5.1's, without a position
print(pcall(table.sort, {{}, {}}))
print(pcall(function() table.sort({{}, {}}) end))
print(pcall(function() table.sort({1, "x"}) end))
print(pcall(function() table.sort({true, false}) end))
local mt = {__lt = function(a, b) return a.v < b.v end}
local t = {}
for i = 1, 10 do t[i] = setmetatable({v = (i * 7) % 10}, mt) end
table.sort(t)
for i = 1, 10 do io.write(t[i].v, " ") end
print()
print(pcall(table.sort, {setmetatable({v = 1}, mt), setmetatable({v = 2}, {__lt = mt.__lt})}))
local s = {"b", "a\0b", "a", "a\0a"}
table.sort(s)
for i = 1, 4 do io.write(string.format("%q ", s[i])) end
print()
