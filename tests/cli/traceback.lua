-- A runtime error deep in named, unnamed and tail-called functions.
local function f(x)
  error("boom " .. x)
end
function g(x) f(x) end
local t = {}
function t.h(x) g(x) end
function t:m(x) return t.h(x) end
local function run(fn) fn() end
run(function() t:m(1) end)
