-- How Lua 5.1 reads a string as a number: tonumber, arithmetic and
-- unary minus, for short numerals and for numerals thousands of
-- characters long (psulua shortens those before Go's strconv reads them).
local show = require("lua51_show")

local strings = {
  "1e5", "  0x10  ", "1e500", "-1e500", "1e-500", " 5\r", "\t\v\f7\n", "1.5", ".5", "5.", ".", "",
  " ", "1e", "1e+", "+.e1", "-0", " -0 ", "inf", "-inf", "nan", "infinity", "1_000", "0x", "0x1p4",
  "0x1.8", "-0x10", "0X1P-2", "1 2", "1\0", "12a", "0x1g", "+-1", "--1", "0b101", "1e+1000", "99999999999999999999",
  "9007199254740993", "0.1", "2.2250738585072011e-308", "4.9e-324", "1.7976931348623157e308",
}
for _, s in ipairs(strings) do
  show(string.format("%q", s), tonumber(s), tonumber(s, 10), pcall(function() return s + 0 end))
end

for _, case in ipairs{
  {"10", 36}, {"z", 36}, {"Z", 36}, {"8", 8}, {"77", 8}, {"ff", 16}, {"-ff", 16}, {"0x10", 16},
  {" 7 ", 8}, {"", 10}, {"", 8}, {"  ", 9}, {"99", 8}, {"  1010  ", 2}, {"ffffffffffffffffff", 16},
  {"ffffffffffffffff", 16}, {"-0", 2}, {"+11", 3}, {"0x", 16}, {"10", 16.9}, {"10", "8"},
  {12, 16}, {1e15, 16}, {"1.5", 10}, {"1e1", 10}, {"zz", 35},
} do
  show(tostring(case[1]), case[2], pcall(tonumber, case[1], case[2]))
end
show(pcall(tonumber, "1", 1))
show(pcall(tonumber, "1", 37))
show(pcall(tonumber))
show(pcall(tonumber, {}, 16))
show(pcall(tonumber, "1", {}))
show(tonumber(nil), tonumber({}), tonumber(true), tonumber(print), tonumber("1\0 2", 16), tonumber("12\0" .. "x"))

-- Numerals longer than Go's strconv reads (800 significant digits).
local zeros = ("0"):rep(5000)
local long = {
  zeros .. "1", zeros .. "1.5", "-" .. zeros .. "42", "0." .. zeros .. "1", "0." .. zeros .. "1e5000",
  "1" .. zeros, "1" .. zeros .. "e-5000", "1" .. zeros .. "e-4990", ("9"):rep(400), ("9"):rep(309), ("9"):rep(308),
  "9007199254740993", "9007199254740993" .. zeros, "9007199254740993" .. zeros .. "1",
  "9007199254740993." .. zeros .. "1", "0x" .. zeros .. "1F", "0x1" .. zeros, "0x1" .. zeros .. "p-20000",
  "0x" .. ("f"):rep(3000), "0x0." .. zeros .. "8", "0x20000000000001" .. ("0"):rep(2000) .. "1",
  ("1"):rep(2000) .. "e-1990", "." .. zeros, zeros, zeros .. ".", "1e" .. zeros .. "5", "1e-" .. zeros .. "9",
  ("5"):rep(2000) .. "x", zeros .. "e", zeros .. " 1", ("\t"):rep(3000) .. "  12  " .. ("\n"):rep(3000),
  ("7"):rep(3000) .. "\0" .. "junk", "1." .. ("2"):rep(3000) .. "." .. "3", "+" .. ("1"):rep(2000),
  ("x"):rep(3000), "0x" .. ("g"):rep(2000), "-" .. zeros .. "0",
}
for i, s in ipairs(long) do
  local ok, sum = pcall(function() return s + 0 end)
  local ok2, neg = pcall(function() return -s end)
  show(i, #s, tonumber(s), ok, sum, ok2, neg, pcall(function() return s * 2, s % 7, s ^ 2 end))
end
for _, case in ipairs{
  {zeros .. "1010", 2}, {("f"):rep(3000), 16}, {"-" .. zeros .. "ff", 16}, {"0x" .. zeros .. "ff", 16}, {zeros .. "9", 9},
} do
  show(#case[1], case[2], tonumber(case[1], case[2]))
end

-- Arithmetic errors name the operand, never quote the string.
local big = ("x"):rep(3000)
for _, f in ipairs{
  function() return big + 1 end, function() return 1 - big end, function() return big * big end,
  function() return -big end, function() return big / {} end, function() return {} % big end,
  function() return ("9"):rep(3000) ^ nil end, function() local t = {} return t + "1" end,
} do
  print(pcall(f))
end

-- Lua 5.1 reads numeric strings before it looks for metamethods.
local mt = getmetatable("")
mt.__add = function(a, b) return "__add" end
mt.__unm = function(a) return "__unm" end
show("10" + 1, "x" + 1, 1 + "x", -"2", -"x", ("9"):rep(3000) + 0 > 1e300, big + 1)
mt.__add, mt.__unm = nil, nil
local v = setmetatable({}, {__add = function(a, b) return "table __add" end, __unm = function() return "table __unm" end})
show(v + 1, "1" + v, -v, v + big)

-- Numbers in concatenation are written as tostring writes them ("%.14g").
local function shown(v) return type(v) == "table" and "t" or tostring(v) end
local x, t = 2^63, setmetatable({}, {__concat = function(a, b) return "T(" .. shown(a) .. "," .. shown(b) .. ")" end})
print(2^63 .. "", x .. "", (0/0) .. "", 1/3 .. "|" .. 2/3, 0.1 + 0.2 .. "", 1e15 .. "", 10 / 2 .. "|", -x .. x)
print(1/3 .. t, t .. 1/3, "a" .. 1/3 .. t .. "b" .. 2/3)
local n
print(pcall(function() return "a" .. {} end))
print(pcall(function() return 1 .. n end))
print(pcall(function() return n .. 1 .. 2 end))

-- NaN as strtod reads it: a sign, any case, a parenthesized payload.
for _, s in ipairs{"nan", "-nan", "+nan", "NaN", " -NAN ", "nan(123)", "nan(abc_9)", "nan()", "nan(", "nan(1 2)", "nanx", "-inf", "+Infinity"} do
  print(string.format("%q", s), tonumber(s), pcall(function() return s + 0 end), pcall(function() return -s end))
end

-- A constant power or modulo that is -0 stays -0 (each in a chunk of its
-- own: Lua 5.1 shares one constant for 0 and -0 in a function).
print(loadstring("return (-(2^-1074)) ^ 7")(), loadstring("return (-0.5) ^ 1075")(), loadstring("return -(0.5 ^ 1075)")())
