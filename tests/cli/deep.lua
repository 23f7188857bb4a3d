-- A stack deeper than 22 levels: the traceback shows the first ten and the
-- last ten levels around "...".
local function rec(n)
  if n == 0 then error("deep") end
  return 1 + rec(n - 1)
end
rec(30)
