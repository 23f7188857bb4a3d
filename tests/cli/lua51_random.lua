-- math.random as Lua 5.1's: C int bounds, "interval is empty" (gopher-lua's
-- panicked in Go's rand.Intn, past pcall).
print(pcall(math.random, 0)) print(pcall(math.random, 2, 1)) print(pcall(math.random, 1, 2, 3)) print(pcall(math.random, 0.5)) print(math.random(3.9) <= 3) print(pcall(math.random, "x"))
print(pcall(math.random, -1), pcall(math.random, 0/0))
print(math.random("1"), math.random(5, 5), math.random(-3, -3))
local ok = true for i = 1, 1000 do local x = math.random(3, 7) if x < 3 or x > 7 or x % 1 ~= 0 then ok = false end end print(ok)
for i = 1, 1000 do local x = math.random() if x < 0 or x >= 1 then ok = false end end print(ok)
print(pcall(function() return math.random(0) end))
-- The numbers themselves are glibc's rand(), as srand(1) and each seed
-- leave it (lua5.1 seeds nothing itself).
local function draws(n) local t = {} for i = 1, n do t[i] = math.random(1, 1e9) end return table.concat(t, " ") end
print(math.random(), math.random(100), math.random(5, 10))
math.randomseed(42) print(draws(5), math.random(-5, 5), math.random())
math.randomseed(0) print(draws(3))
math.randomseed(-7) print(draws(3))
math.randomseed(2^31 + 5) print(draws(3), math.random(-2^31, 2^31 - 1))
math.randomseed("12") local a = draws(1000) math.randomseed(12) print(a == draws(1000), a:sub(-40))
