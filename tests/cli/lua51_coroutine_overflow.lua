-- Runaway recursion inside a coroutine ends in "stack overflow", and
-- coroutines resuming new ones without end in an error, not a hang.
local function rec(n) return 1 + rec(n + 1) end
local co = coroutine.create(function() return rec(1) end)
local ok, msg = coroutine.resume(co)
print(ok, string.find(msg, "^.-:%d+: stack overflow$") ~= nil, coroutine.status(co))
print(pcall(function() local function r() return 1 + r() end return r() end))
local function nest(f) return coroutine.wrap(f)(f) end
print(pcall(nest, nest))
