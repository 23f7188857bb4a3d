-- Where a coroutine may yield and where Lua 5.1 refuses ("attempt to
-- yield across metamethod/C-call boundary"), and what each resume
-- returns: yields called by a call instruction, in a tail call, through
-- __call, in nested Lua functions; refused through pcall, metamethods,
-- sort comparators, gsub callbacks and for-loop iterators.
local function mt(f) return setmetatable({}, {__index = f, __newindex = f, __call = f, __add = f, __eq = f, __lt = f, __le = f, __concat = f, __unm = f, __len = f, __tostring = f}) end
local Y = coroutine.yield
local cases = {
  {"plain", function() return Y(5) end},
  {"plain local", function() local x = Y(5) return x end},
  {"tail", function() return Y(6) end},
  {"tail multi", function() return Y(1, 2, 3) end},
  {"nested lua", function() local function f() return (Y(7)) end local function g() return f() end return g() end},
  {"nested tail", function() local function f() return Y(8) end local function g() return f() end return g() end},
  {"pcall", function() return pcall(Y, 1) end},
  {"pcall fn", function() return pcall(function() return Y(1) end) end},
  {"xpcall", function() return xpcall(function() return Y(1) end, function(m) return "handled: " .. m end) end},
  {"index fn", function() return mt(function(t, k) return Y(k) end).x end},
  {"index yield", function() return setmetatable({}, {__index = Y}).x end},
  {"newindex", function() mt(function(t, k, v) Y(v) end).x = 3 end},
  {"call meta lua", function() return setmetatable({}, {__call = function(self, a) return Y(a) end})(9) end},
  {"call meta yield", function() return setmetatable({}, {__call = Y})(9) end},
  {"add", function() return mt(function(a, b) return Y(b) end) + 1 end},
  {"eq", function() local a, b = mt(function() return Y() end), mt(function() return Y() end) getmetatable(b).__eq = getmetatable(a).__eq return a == b end},
  {"lt", function() local a = mt(function() return Y() end) return a < a end},
  {"concat", function() return mt(function() return Y() end) .. "x" end},
  {"unm", function() return -mt(function() return Y() end) end},
  {"tostring", function() return tostring(mt(function() Y() return "s" end)) end},
  {"sort", function() table.sort({3, 2, 1}, function(a, b) Y() return a < b end) end},
  {"gsub", function() return ("abc"):gsub(".", function(c) Y(c) end) end},
  {"iterator", function() for k in function(s, c) if c then return nil end Y("it") return 1 end do end return "done" end},
  {"ipairs body", function() for i, v in ipairs({10, 20}) do Y(v) end return "done" end},
  {"select", function() return select(2, Y(1)) end},
  {"unpack args", function() return Y(unpack({1, 2})) end},
  {"wrap inside", function() local f = coroutine.wrap(function() Y("inner") return "innerdone" end) return f(), f() end},
  {"yield in wrap via pcall", function() return pcall(coroutine.wrap(function() Y(1) end)) end},
  {"loadstring", function() return loadstring("return coroutine.yield(4)")() end},
  {"loadstring tail", function() local f = loadstring("return coroutine.yield(4)") return f() end},
  {"method yield", function() local o = {y = function(self, v) return Y(v) end} return o:y(11) end},
  {"recursive", function() local function r(n) if n == 0 then return Y("bottom") end return r(n - 1) end return r(50) end},
  {"vararg tail", function(...) return Y(...) end},
  {"string method", function() local s = setmetatable({}, {__index = {f = Y}}) return s.f(12) end},
  {"tail via table", function() local t = {y = Y} return t.y(13) end},
  {"error after", function() Y(1) error("boom") end},
}
for _, c in ipairs(cases) do
  local name, fn = c[1], c[2]
  local co = coroutine.create(fn)
  local r1 = {coroutine.resume(co, "a1", "a2")}
  local r2 = {coroutine.resume(co, "back", "b2")}
  local r3 = {coroutine.resume(co, "back3")}
  local function s(t) for i = 1, #t do t[i] = tostring(t[i]):gsub("^.-:%d+: ", ""):gsub("table: [0-9a-fx]+", "table") end return table.concat(t, ",") end
  print(name, "|", s(r1), "|", s(r2), "|", s(r3), "|", coroutine.status(co))
end
