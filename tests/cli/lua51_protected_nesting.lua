-- pcalls, xpcalls and resumes nested inside each other stop at Lua 5.1's
-- bound of C calls with "C stack overflow", which the innermost one
-- returns (xpcall's handler sees it), and the outer ones go on.
local function count(...) return select("#", ...), (select(select("#", ...), ...)) end

local function tail() return pcall(tail) end
print("pcall in a tail call", count(tail()))

local n = 0
local function nested() n = n + 1 local ok, e = pcall(nested) return ok, e end
print("pcall", nested(), n)

local function x() return xpcall(x, function(m) return "handled: " .. m end) end
print("xpcall", count(x()))

local function bad() return xpcall(bad, function() error("again") end) end
print("xpcall whose handler fails", count(bad()))

n = 0
local function mixed()
  n = n + 1
  if n % 2 == 0 then
    local ok, e = pcall(mixed)
    return ok, e
  end
  local ok, a = coroutine.resume(coroutine.create(mixed))
  return ok, a
end
print("pcall and resume", mixed(), n)

-- Lua frames between the pcalls: the call stack's own limit is far off.
local function deep(d)
  if d % 50 == 0 then local ok, e = pcall(deep, d + 1) return ok, e end
  local a, b = deep(d + 1)
  return a, b
end
print("Lua frames between pcalls", deep(1))
