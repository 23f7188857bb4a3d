-- runtime errors in a coroutine name the variable, as in the main thread
local function run(f) print(coroutine.resume(coroutine.create(f))) end
run(function() local x; return x + 1 end)
run(function() local x; return 1 + x end)
run(function() local x; return "10" + x end)
run(function() local x; return "a" + x end)
run(function() local x = {}; return x * 2 end)
run(function() local x; return x.y.z end)
run(function() local t = {}; return t.y.z end)
run(function() return gg.y end)
run(function() local x; x.y = 1 end)
run(function() local x = 1; return x + {} end)
run(function() local function inner() local q; return q.w end return inner() end)
run(function() local function inner() local q; return q.w end local v = inner() return v end)
print(pcall(coroutine.wrap(function() local x; return x.y end)))
local up
print(pcall(function() coroutine.wrap(function() return up.y end)() end))
run(function() error("s") end)
run(function() string.rep() end)
run(function() coroutine.yield(1) local x; return x.y end)
local co = coroutine.create(function() local x; return x.y end)
print(coroutine.resume(co))
print(coroutine.resume(co))

-- a stack overflow keeps the coroutine's line; a chain of __index is not the variable's
do
local function r() return 1 + r() end
print(coroutine.resume(coroutine.create(r)))
print(pcall(coroutine.wrap(r)))
print(coroutine.resume(coroutine.create(function() local t = setmetatable({}, {__index = 5}); return t.x end)))
print(coroutine.resume(coroutine.create(function() local s = "abc"; return s + 1 end)))
print(coroutine.resume(coroutine.create(function() local s = "abc"; return 1 + s end)))
print(coroutine.resume(coroutine.create(function() local s = "10"; local n; return s + n end)))
print(coroutine.resume(coroutine.create(function() local t; return t.x end)))
end
