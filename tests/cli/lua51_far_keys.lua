-- Integer keys far past a table's sequence (psulua handles them before
-- gopher-lua, whose array part would fill the gap with nils): stored and
-- read back as Lua keeps them.
local t = {10, 20, 30}
t[30000] = "far"
t[25000] = nil -- nil far away: nothing to see
rawset(t, 40000, "raw")
print(rawset(t, 50000, nil) == t)
table.insert(t, 60000, "inserted")
local keys = {}
for k, v in pairs(t) do keys[#keys + 1] = k .. "=" .. tostring(v) end
table.sort(keys)
print(table.concat(keys, " "))
print(t[30000], t[40000], t[60000], t[29999], t[50000])
local n = 0
for _ in ipairs(t) do n = n + 1 end
print(n)
t[30000] = nil
print(t[30000], rawget(t, 40000))
for i = 4, 10 do t[i] = i * 10 end
print(t[10], t[11])
local mt = setmetatable({}, {__newindex = function(t, k, v) rawset(t, k, v .. "!") end})
mt[70000] = "via __newindex"
print(mt[70000])
-- Their errors still name them, where the script called them.
print(pcall(function() rawset(1, 2, 3) end))
print(pcall(function() table.insert(1, 2, 3) end))
print(pcall(function() table.insert({}, "x", 3) end))
print(type(rawset({}, 1, 2)), type(rawset({}, 1e6, 2)))
