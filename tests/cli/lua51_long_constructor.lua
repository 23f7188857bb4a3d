-- A table constructor keeps every list item, past 25,550 too.
local n = 60000
local src = "return {" .. string.rep("1,", n - 1) .. "'last'}"
local t = assert(loadstring(src))()
print(#t, t[25550], t[25551], t[n], t[n + 1])
local mixed = assert(loadstring("return {" .. string.rep("2,", 30000) .. "x = 'x', 3}"))()
print(#mixed, mixed[30001], mixed.x)
