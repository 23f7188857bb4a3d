-- A stack overflow leaves room for xpcall's message handler, as in Lua 5.1,
-- so that the traceback shows the recursion; an uncaught one ends the
-- script with its traceback.
local function y() return 1 + y() end
local ok, msg = xpcall(y, debug.traceback)
print(ok, msg)
print(xpcall(y, function(m) return "handled: " .. m end))
print(select("#", pcall(y)))
print(xpcall(error, error))
y()
