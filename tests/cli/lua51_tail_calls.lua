-- A Go function called in a tail position returns all its results, a
-- coroutine suspended in one resumes, and a call that keeps one result
-- keeps one result on resume too.
local function bytes() return string.byte("abc", 1, 3) end
print(bytes())
local function called() return setmetatable({1, 2, 3}, {__call = unpack})() end
print(called())
local function fails() return error("from a tail call") end
print(pcall(fails))

local co = coroutine.create(function(a) return coroutine.yield(a + 1) end)
print(coroutine.resume(co, 1))
print(coroutine.resume(co, "x", "y"))
print(coroutine.status(co), coroutine.resume(co))

co = coroutine.create(function() return (coroutine.yield(1)) end)
print(coroutine.resume(co))
print(coroutine.resume(co, "only", "this"))

local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end return coroutine.yield("last") end)
print(gen(), gen(), gen(), gen(), gen("returned"))
