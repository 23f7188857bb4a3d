-- a % b is Lua 5.1's a - floor(a/b)*b, at the edges too; math.mod is
-- math.fmod.
local h = math.huge
for _, p in ipairs({{5, h}, {-5, h}, {5, -h}, {-5, -h}, {h, 3}, {5, 0}, {-4, 3}, {4, -3},
    {5.5, 2}, {-5.5, 2}, {math.pi, 0.001}, {1e308, 3}, {0/0, 2}, {2^53 + 1, 3}, {-0.0, 3},
    {0, -3}, {7, 7}, {-7, 7}, {1e-300, 1e300}, {-1e-300, 1e300}}) do
  local a, b = p[1], p[2]
  print(string.format("%.17g %% %.17g = %.17g", a, b, a % b))
end
local five = 5
print(five % 3, five % -3, 5 % 3, -five % 3.5, ("7") % 4)
print(math.mod(-5, 3), math.fmod(-5, 3), math.mod(5.5, -2))
-- Constants are folded as Lua 5.1 folds them (a NaN left to the run),
-- and strings that read as numbers are numbers.
print(string.format("%.17g", -0.3 % 0.1))
print(1e308 % 3, 5 % -(1/0), -1e-300 % 1e300, 5 % 0, (0/0) % 2, 2 % (0/0))
print(5 % 3 % 2, (7 % 4) * 2, -(7 % 4), 2^53 % 3, (2^53 + 1) % 3)
print(("5") % math.huge, "1e308" % 3, 5 % "inf", "0x10" % 3, " 7 " % 4)
print(pcall(function() return "x" % 2 end))
local t = setmetatable({}, {__mod = function(a, b) return "mm" end})
print(t % 2, 2 % t)
