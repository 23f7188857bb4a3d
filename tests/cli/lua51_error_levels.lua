-- error's level counts Lua 5.1's levels: pcall's own Go frames are none
print(pcall(error, "s", 2))
print(pcall(error, "s", 3))
local function f() error("s", 2) end
local function g() f() end
print(pcall(g))
local function tail() return f() end
print(pcall(function() tail() end))
print(pcall(error, 42, 2))
print(pcall(assert, false, "a"))
-- coroutine.wrap prefixes its caller's position, none for pcall
print(coroutine.resume(coroutine.create(function() error("s") end)))
print(pcall(coroutine.wrap(function() error("s") end)))
local w = coroutine.wrap(function() error("s") end)
print(pcall(function() w() end))
print(pcall(coroutine.wrap(function() error("s", 2) end)))
