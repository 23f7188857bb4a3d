-- A closure made in a function that then raises keeps its upvalues after
-- pcall or xpcall returns, and the caller's own locals stay shared.
local function make(start)
  local n = start
  local f = function() n = n + 1; return n end
  error(f)
end
local function clobber(a, b, c, d) return a, b, c, d end
local _, f = pcall(make, 10)
clobber({}, {}, {}, {})
print(f(), f())
local _, g = xpcall(function() make(20) end, function(e) return e end)
clobber({}, {}, {}, {})
print(g(), g())
local count = 0
local function bump() pcall(error, "x"); count = count + 1 end
bump(); bump()
print(count)
