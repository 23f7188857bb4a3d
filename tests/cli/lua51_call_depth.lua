-- a recursion stops where lua5.1's does (its CallInfo array, doubled past
-- LUAI_MAXCALLS at 16,384): 15,000 calls deep is no overflow
local depth = 0
local function f() depth = depth + 1 f() end
print(pcall(f), depth)
local function g(n) if n == 0 then return 0 end return 1 + g(n - 1) end
print(pcall(g, 15000))
local function h(n, acc) if n == 0 then return acc end local x, y = n, acc return x + h(n - 1, y) end
print(pcall(h, 16000, 0))
