-- Lua 5.1's debug library: getinfo's fields, locals and temporaries on any
-- level, upvalues, tail calls, tracebacks of coroutines, and the debug
-- information of locals after blocks close.
local function show(t)
  local keys = {}
  for k in pairs(t) do if k ~= "func" and k ~= "activelines" then keys[#keys + 1] = k end end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = k .. "=" .. tostring(t[k]) end
  return table.concat(out, " ")
end

local function lines(f)
  local t = {}
  for l in pairs(debug.getinfo(f, "L").activelines) do t[#t + 1] = l end
  table.sort(t)
  return table.concat(t, ",")
end

function global_fn(a, b)
  local c = a + b
  return c
end
print(show(debug.getinfo(print)))
print(show(debug.getinfo(global_fn)), lines(global_fn))
print(show(debug.getinfo(1)))
print(show(debug.getinfo(1, "Sl")))
print(debug.getinfo(100))

for _, name in ipairs({"=xuxu", "@xuxu", "", "=", "@" .. ("p"):rep(100) .. "t", ("a"):rep(100)}) do
  print(debug.getinfo(loadstring("return 1", name)).short_src)
end

local t = {}
function t.field() return debug.getinfo(1, "n") end
function t:method() return debug.getinfo(1, "n") end
local function loc() return debug.getinfo(1, "n") end
local up = loc
print(show(t.field()), show(t:method()), show(loc()), show((function() return up() end)()))
print(show(global_fn and debug.getinfo(1, "n")))

-- locals, temporaries and setlocal
local function f(a, b)
  local x = a * 2
  do local hidden = 1 end
  local names = {}
  local i = 1
  while true do
    local n, v = debug.getlocal(1, i)
    if not n then break end
    names[#names + 1] = n .. "=" .. (type(v) == "table" and "table" or tostring(v))
    i = i + 1
  end
  print(table.concat(names, " "))
  print(debug.getlocal(2, 1), debug.setlocal(2, 1, "changed"))
  return x
end
local function caller()
  local outer = "outer"
  f(1, 2)
  print(outer)
end
caller()
print(debug.getlocal(0, 1))
print(debug.getlocal(0, 2))
print(debug.getlocal(0, 3))
print(pcall(debug.getlocal, 50, 1))
local function g2() print(debug.getlocal(2, 3)) print(debug.getlocal(2, 4)) debug.setlocal(2, 3, 10) return 20 end
local function g1(a, b) return (a + 1) + g2() end
print(g1(0, 0))

-- upvalues
local ua, ub, uc = 1, 2, 3
local function u1(a) ub = a; return uc end
print(debug.getupvalue(u1, 1), debug.getupvalue(u1, 2), debug.getupvalue(u1, 3))
print(debug.setupvalue(u1, 1, "xuxu"), ub, debug.getupvalue(io.read, 1), debug.setupvalue(io.read, 1, 10))

-- tail calls
local function tailed(x)
  local tail = debug.getinfo(2)
  print(show(tail), pcall(getfenv, 3))
  print(debug.getinfo(3, "S").what, debug.getinfo(4, "S").what, debug.getinfo(5, "S").what)
  print(debug.traceback("tb"))
end
function tg(x) return tailed(x) end
function tg1(x) tg(x) end
local function th(x) local f = tg1; return f(x) end
th(true)

-- tracebacks
print(debug.traceback(print) == print, debug.traceback("hi", 4))
print(debug.traceback("hi", 0))
print(debug.traceback(42))

-- coroutines
local function cf(n) if n > 0 then return cf(n - 1) else coroutine.yield() end end
local co = coroutine.create(cf)
coroutine.resume(co, 3)
print(debug.traceback(co))
co = coroutine.create(function(x)
  local a = 1
  coroutine.yield(debug.getinfo(1, "l"))
  return a
end)
local _, l = coroutine.resume(co, 10)
local x = debug.getinfo(co, 1, "lS")
print(x.currentline == l.currentline, show(x), debug.getinfo(co, 2))
print(debug.getlocal(co, 1, 1))
print(debug.getlocal(co, 1, 2))
print(debug.setlocal(co, 1, 2, "hi"), coroutine.resume(co))
function ef(i) if i == 0 then error(i) else coroutine.yield(); ef(i - 1) end end
co = coroutine.create(function(x) ef(x) end)
coroutine.resume(co, 2)
while coroutine.status(co) == "suspended" do
  print(debug.traceback(co))
  coroutine.resume(co)
end
print(debug.traceback(co))
print(pcall(debug.setfenv, 3, {}), pcall(debug.getfenv))
