-- Syntax errors say what Lua 5.1's parser expected, near the token where
-- it stopped, and Lua 5.1's lexer errors and limits.
local cases = {
  "break label", "  local a = {4\n\n", "unpack({}, 1, n=2^30)", "repeat until 1; a", ";", "a=1;;",
  "return;;", "a=math.sin\n(3)", "function a (... , ...) end", "function a (, ...) end",
  "syntax error", "1.000", "[[a]]", "'aa'", "\255a = 1", "\1a = 1", "a = ", "a=9+",
  "x = = 1", "local 1 = 2", "f(", "function f() ", "if x then", "x = {1, 2", "for i = 1 do end",
  "local function end", "x = y z", "for i in do end", "return return", "t = {[1] 2}",
  "while true x", "if x y", "for a b", "a.b:c = 1", "x = 3 + ", "local t = {} t:x", "f(a,)",
  "function(x) end", "repeat x = 1", "do x = 1", "x = (1", "x = a[1", "local x = 1 +* 2",
  "a, b", "a, b = ", "x = function(a b) end", "(a) = 1", "a, f() = 1", "f() = 1", "a.b, (c) = 1, 2",
  "function f() return ... end", "x = 1e", "x = 3..2", "x = 0x", "x = 0x1G", "x = 0x10 + 1e5 + .5 + 3.",
  "x = 'abc", "x = 'abc\ny'", "x = [[abc", "x = [==[abc]=]", "x = [=x", "--[[ never closed",
  "x = [[a [[b]] c]]", "x = '\\300'", "x = '\\q\\065\\10'", "x = 1 ~ 2", "x = @",
  "if x then else elseif y then end", "while true do break; x = 1 end", "while true do return 1 x = 2 end",
  "function t:m() return self end function t.a.b.c:d(...) return arg end",
  "for i, v in pairs(t) do local a <const> = 1 end", "local function f(...) return function() return ... end end",
  "x = {f = 1, [2] = 3; 4, g = function() end,}", "x = #t + -y ^ 2 .. 'a' .. 'b' == not z",
  "if x then\n  y = 1\nelse\n  y = 2\n", "f(1,\n2", "x = {\n1,\n2\n", "local t = {\n  a = (1\n}",
}
for _, s in ipairs(cases) do
  local f, msg = loadstring(s)
  print(string.format("%q", s), f and "ok" or msg)
end

-- Lua 5.1's limits of 200 locals and 60 upvalues per function.
local s = "\nfunction foo ()\n  local "
for j = 1, 300 do s = s .. "a" .. j .. ", " end
print(loadstring(s .. "b\n"))
s = "function foo ()\n  local "
for j = 1, 70 do s = s .. "a" .. j .. ", " end
s = s .. "b\n"
for j = 1, 70 do s = s .. "function foo" .. j .. " ()\n a" .. j .. "=3\n" end
print(loadstring(s))
s = "local a0"
for j = 1, 199 do s = s .. ", a" .. j end
print(type(loadstring(s)), loadstring(s .. ", b"))
