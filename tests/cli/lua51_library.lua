-- Lua 5.1's library functions read their arguments as the C library does
-- (numeric strings as numbers, C ints, its own messages); psulua replaces
-- gopher-lua's where they differed.
local function p(...)
  local t = {}
  for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
  print(select("#", ...), table.concat(t, ","))
end
local s = "hello world"
p(s:sub(2), s:sub(-3), s:sub(0), s:sub(2, 100), s:sub(-100, 3), s:sub(5, 2), s:sub(2.7, 4.2), s:sub(-2.5), s:sub(1e10), s:sub(-1e10, 1e10))
p(s:sub("2", "4"), s:byte("2"), s:byte(-1), s:byte(100), s:byte(0), s:byte(2, 4), s:byte(-100, 2), string.char("65", 66.9))
p(pcall(string.sub, s), pcall(string.sub, s, {}), pcall(string.byte, s, "x"), pcall(string.char, 256), pcall(string.char, -1))
p(select("#", ("x"):rep(7990):byte(1, -1)), pcall(string.byte, ("x"):rep(8001), 1, -1))
p(table.concat({1, 2, 3}, ", ", "2", 3), table.concat({1, 2, 3}, "", 2, 2^32 + 3), pcall(table.concat, {1, 2}, ",", 1, 5))
local t = {1, 2, 3}
table.insert(t, "2", "x")
table.insert(t, 2.9, "z")
p(table.concat(t, ","), table.remove(t, "1"), table.remove(t, 0), table.remove(t, 10), table.remove({}))
p(pcall(table.insert, t, "y", 1), pcall(table.insert, t, 1, 2, 3), pcall(table.remove, 5), pcall(table.setn, {}, 3))
p(pcall(setmetatable, 5, {}), pcall(setmetatable, {}, 5), pcall(setmetatable, {}), setmetatable({}, nil) ~= nil)
p(pcall(setmetatable, setmetatable({}, {__metatable = 1}), {}), getmetatable(setmetatable({}, {__metatable = "locked"})))
local n = 0
for k in pairs(getmetatable("")) do n = n + 1 end
p(n, getmetatable("").__index == string, rawget(string, "__index"), ("x"):upper())
p(io.write(""), io.stdout:write(""), io.stderr:write(""))
p(pcall(coroutine.resume, 5), pcall(coroutine.status), pcall(coroutine.create, print), pcall(coroutine.wrap, 5))
p(select("2", "a", "b"), select("#x", 1, 2), pcall(select, "x"), select(-1, 1, 2, 3), pcall(select, 0, 1))

-- Numbers given where strings go are written as tostring writes them.
local x = 1 / 3
p(string.len(x), string.upper(x), string.lower(2^63), string.reverse(x), string.rep(x, 2, "|"), ("%s"):format(x))
local name = os.tmpname()
local f = io.open(name, "w")
p(f:write(x, " ", 2^63, " ", 0/0))
f:close()
io.output(name) io.write(" ", 2/3) io.close() io.output(io.stdout)
f = io.open(name) p(f:read("*a")) f:close()
os.remove(name)

-- C's remove and rename, with Lua 5.1's nil, "name: strerror", errno (the
-- name, random, is shown as NAME).
local missing = os.tmpname()
os.remove(missing)
local function named(...)
  local t = {...}
  for i = 1, select("#", ...) do
    if type(t[i]) == "string" then t[i] = t[i]:gsub(missing, "NAME") end
  end
  return unpack(t, 1, select("#", ...))
end
p(named(os.remove(missing)))
p(named(os.rename(missing, missing .. ".b")))
local made = os.tmpname()
p(os.rename(made, made .. ".b"), os.remove(made .. ".b"))
p(named(pcall(io.lines, missing)))
p(io.type(io.stdout), io.type({}), pcall(io.type))
p(pcall(coroutine.yield, 1))

-- An __index or __newindex chain that loops.
local loop = {}
loop.__index, loop.__newindex = loop, loop
setmetatable(loop, loop)
p(pcall(function() return loop.x end))
p(pcall(function() loop.x = 1 end))

-- table.insert below 1 moves the values up; a number separates table.concat's items
do
local function show(t, lo, hi) local r = {} for i = lo, hi do r[#r+1] = tostring(t[i]) end print(table.concat(r, " ")) end
local x = {1,2,3}; table.insert(x, 0, 9); show(x, -2, 5)
local y = {1,2,3}; y[0] = "z"; y[-1] = "m"; table.insert(y, -1, 9); show(y, -3, 5)
local z = {1,2,3}; z[-5] = "far"; table.insert(z, -10, 9); show(z, -11, 5)
local w = {}; table.insert(w, 0, 1); show(w, -1, 2)
local v = {1,2}; v[-3] = "a"; v[-1] = "b"; table.insert(v, -3, 9); show(v, -4, 4)
print(pcall(table.concat, {1,2,3}, 0), pcall(table.concat, {1,2,3}, 1.5), pcall(table.concat, {1,2}, nil))
print(pcall(table.concat, {1,2}, {}))
end

-- a method call does not count self in a bad argument's number
do
  local s = "abc"
  print(pcall(function() return s:sub({}) end))
  print(pcall(function() local r = s:sub() return r end))
  print(pcall(function() return ("x"):rep() end))
  print(pcall(function() return s:find(nil) end))
  print(pcall(function() return s.sub() end))
  local t = {sub = string.sub}
  print(pcall(function() return t:sub() end))
end
