-- Closures keep sharing their locals after an error caught by a pcall
-- that encloses a pcall which ended first (the error closed every open
-- upvalue of the state, those of the frames below that pcall too).
local function test()
  local n = 0
  local function inc() n = n + 1 end
  local function get() return n end
  inc()
  pcall(function() pcall(type, 1); error("boom") end)
  inc()
  return n, get()
end
print(test())
local function test2()
  local n = 0
  local function inc() n = n + 1 end
  inc()
  pcall(function() error("boom") end)
  inc()
  return n
end
print(test2())
local vc = "old"
local function outer() pcall(function() pcall(print); error("x") end); vc = "new" end
outer() print(vc)
local function t3()
  local n = 0
  local function inc() n = n + 1 end
  inc()
  xpcall(function() xpcall(type, print, 1); local x = nil; x() end, function(m) return m end)
  inc()
  return n
end
print(t3())
local co = coroutine.wrap(function()
  local n = 0
  local function inc() n = n + 1 end
  inc()
  pcall(function() pcall(type, 1); error("boom") end)
  inc()
  coroutine.yield(n)
  inc()
  return n
end)
print(co(), co())
local function viaerror()
  local n = 0
  local f = function() n = n + 1 return n end
  local ok = pcall(function() local m = 5; g = function() return m end; error("e") end)
  return f(), f(), g()
end
print(viaerror())
