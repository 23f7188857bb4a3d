-- The length of a table is its own: Lua 5.1's __len applies to userdata
-- only.
local t = setmetatable({1, 2, 3}, {__len = function() return 42 end})
print(#t, #"abc")
local u = setmetatable({}, {__index = function() return 1 end})
print(#u)
local s = setmetatable({}, {__len = error})
print(#s, pcall(function() return #nil end))
local big = {} for i = 1, 100 do big[i] = i end
print(#big)
