-- Recursions that fill the value stack: 7,900 calls of 21 registers
-- each return, and one of 190 locals a call ends in "stack overflow" at
-- the function's line, after which the state runs on.
local function f(n, a, b, c, d, e, g, h, i, j)
  if n == 0 then return 0 end
  local x1, x2, x3, x4, x5, x6, x7, x8, x9, x10 = 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  return 1 + f(n - 1, a, b, c, d, e, g, h, i, j)
end
print(f(7900))
local names = {}
for i = 1, 190 do names[i] = "a" .. i end
local deep = loadstring("local function r(n)\nlocal " .. table.concat(names, ", ") .. " = 1\nreturn r(n + 1) + 1\nend\nreturn r", "=deep")()
print(pcall(deep, 1))
print(coroutine.resume(coroutine.create(deep), 1))
print(f(100))
