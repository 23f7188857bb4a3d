-- A generic for whose body starts with a break, inside another loop: the
-- loop left every register as it was (gopher-lua's jump optimisation had
-- sent it to another instruction, corrupting locals, or looping for ever).
local p, w = print, io.write
for i = 1, 2 do
  for _ in function(s, c) if c then return nil end return 1 end do break end
  w(type(p), " ", i, "\n")
end
for i = 1, 2 do
  for _ in coroutine.wrap(function() coroutine.yield(1) end) do break end
  p("wrap", i, type(print))
end
for i = 1, 2 do
  local g = coroutine.wrap(function() coroutine.yield(1) end)
  for _ in g do break end
  p("local", i)
end
local n = 0
for k, v in pairs({a = 1, b = 2}) do
  for x in pairs({1, 2}) do break end
  n = n + v
end
p("sum", n)
for k in pairs({}) do end
for k in pairs({1}) do if k then break end end
p("done")
