-- math.random as Lua 5.1's: C int bounds, "interval is empty" (gopher-lua's
-- panicked in Go's rand.Intn, past pcall).
print(pcall(math.random, 0)) print(pcall(math.random, 2, 1)) print(pcall(math.random, 1, 2, 3)) print(pcall(math.random, 0.5)) print(math.random(3.9) <= 3) print(pcall(math.random, "x"))
print(pcall(math.random, -1), pcall(math.random, 0/0))
print(math.random("1"), math.random(5, 5), math.random(-3, -3))
local ok = true for i = 1, 1000 do local x = math.random(3, 7) if x < 3 or x > 7 or x % 1 ~= 0 then ok = false end end print(ok)
for i = 1, 1000 do local x = math.random() if x < 0 or x >= 1 then ok = false end end print(ok)
print(pcall(function() return math.random(0) end))
