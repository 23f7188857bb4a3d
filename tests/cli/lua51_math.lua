-- Lua 5.1's math library: strings as arguments, the edges (infinities,
-- NaN and its sign as glibc gives it), and its argument errors.
local show = require("lua51_show")
local inf, nan = 1 / 0, 0 / 0
local values = {0, -0, 0.5, -0.5, 1, -1, 2, 3.7, -3.7, 1e300, -1e-300, inf, -inf, nan, -nan, "2", " 0x10 ", "1e2"}
local unary = {"abs", "ceil", "floor", "sqrt", "exp", "log", "log10", "sin", "cos", "tan", "asin", "acos", "atan",
  "sinh", "cosh", "tanh", "deg", "rad", "modf", "frexp"}
for _, name in ipairs(unary) do
  local out = {}
  for i, x in ipairs(values) do
    local r = {math[name](x)}
    for j, v in ipairs(r) do r[j] = string.format("%.14g", v) end
    out[i] = table.concat(r, "/")
  end
  print(name, table.concat(out, " "))
end
for _, name in ipairs{"atan2", "fmod", "mod", "ldexp", "max", "min"} do
  local out = {}
  for _, x in ipairs{0, -1, 2.5, inf, -inf, nan, "3"} do
    for _, y in ipairs{0, -2, 0.5, 3, inf, nan, "2"} do
      out[#out + 1] = string.format("%.14g", math[name](x, y))
    end
  end
  print(name, table.concat(out, " "))
end
show(math.max(3, 1, 7, 2), math.min(3, 1, 7, 2), math.max(nan, 1), math.max(1, nan), math.min(-0, 0), math.max(0, -0))
show(math.huge, -math.huge, math.pi, math.deg(math.pi / 3), math.rad(77), math.ldexp(1, 1023.9), math.ldexp(1, "-1074"))
show(math.floor(("0"):rep(3000) .. "42.5"), math.max(("9"):rep(400), 1), pcall(math.floor, ("x"):rep(3000)))
for _, f in ipairs{
  function() return math.floor() end, function() return math.floor({}) end, function() return math.max() end,
  function() return math.min(1, "x") end, function() return math.atan2(1) end, function() return math.ldexp(1) end,
  function() return math.fmod(1, nil) end, function() return math.modf("a") end, function() return math.sqrt(true) end,
} do
  print(pcall(f))
end

-- Integer powers are rounded once (Go's math.Pow rounded at each step:
-- 1.0001^10000 differed from the 12th digit). (10^23, exactly halfway
-- between two numbers, is left out: glibc's pow rounds it up, to odd.)
local powers = {}
for _, p in ipairs{{1.1, 10}, {3, 40}, {10, -5}, {1.0001, 10000}, {10, 22}, {10, -300}, {2, -1074}, {0.5, 1075},
  {-2, 63}, {-10, 309}, {10, 308}, {7, -3}, {1.5, 1000}, {0.9, 5000}, {1e-5, 66}, {-3, -5}, {0.1, 3}, {123.456, 7},
  {1 + 2^-52, 2^30}, {-1, 2^40}, {-1, 2^31 + 1}, {0, -3}, {-0, -3}, {-0, 3}, {2, 0.5}, {9, 0.5}, {4, -0.5}} do
  powers[#powers + 1] = string.format("%.17g", p[1] ^ p[2])
end
print(table.concat(powers, " "))
show(1.0001 ^ 10000, math.pow(1.0001, 10000), 3 ^ 40, math.pow("3", "40"))

-- NaN powers keep the sign glibc's pow gives them.
local n = 0 / 0
local t = {}
for _, y in ipairs{1, 2, 3, -1, -2, 0.5, 7, 8, 1e300, 2^53, 0, n, -n} do
  t[#t + 1] = tostring(n ^ y) .. "/" .. tostring((-n) ^ y)
end
print(table.concat(t, " "), 2 ^ n, 2 ^ -n, 1 ^ n, math.pow(n, 3), math.pow(-n, 2))

-- lua5.1 (gcc) reads the two arguments of pow, atan2, fmod, mod and ldexp
-- from the last
for _, name in ipairs({"pow", "atan2", "fmod", "mod", "ldexp"}) do
  print(name, pcall(math[name]))
  print(name, pcall(math[name], "x"))
  print(name, pcall(math[name], "x", 1))
end
