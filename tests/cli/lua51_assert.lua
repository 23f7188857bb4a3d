-- assert: a number is a message too, a missing first argument is an
-- error, the message keeps its % signs, and the position is the caller's.
print(pcall(assert, false, 42))
print(pcall(assert, false, {}))
print(pcall(assert))
print(pcall(assert, nil, nil))
print(pcall(assert, false, "100% sure %d"))
print(pcall(assert, false, "cut\0here")) -- luaL_error's %s stops at the NUL
print(pcall(function() assert(false, "in a function") end))
print(assert(1, 2, 3))
local function f() assert(1 == 2) end
f()
