-- A generic for whose first expression calls a function before its last
-- step (a field of a call's result, a call in an operand) runs as Lua's:
-- gopher-lua's compiler overwrote the inner call's result.
local t = setmetatable({}, {__call = function() return next, {a = 1}, nil end})
local function g() return {t = t, f = function() end, list = {10, 20}} end
local function h() return 2 end
for k, v in g().t() do print("call of a field of a call", k, v) end
for x in g().f do print("never") end
for x in (g().f) do print("never") end
for x in h() and g().f do print("never") end
for x in g()["f"] do print("never") end
for i, v in ipairs(g().list) do print("ipairs of a field", i, v) end
for w in require("string").gmatch("a b", "%a") do print("gmatch of require", w) end
-- The debug library sees the loop's locals as Lua's, no more.
for k, v in g().t() do
  local inner = "x"
  for i = 1, 9 do
    local name, value = debug.getlocal(1, i)
    print(i, name, type(value))
  end
  print(debug.setlocal(1, 9, "y"), inner)
end
-- Fewer than three expressions: the state and control values are nil
-- where there are none (gopher-lua left whatever its registers held).
local obj = {items = {10, 20, 30}}
for k, v in next, obj.items do print("next over a field", k, v) end
local n = 0
for k, v in next, {1, 2, 3} do n = n + 1 end
print("next over a constructor", n)
local function gen(s, c) c = (c or 0) + 1 if c <= 2 then return c end end
for k in gen, obj.items do print("a generator's control starts nil", k) end
for k in gen, 1 + obj.items[1] do print("after arithmetic", k) end
local function iter(s, c) return c == nil and s or nil end
for v in iter, obj do print("one variable", v == obj) end
-- Indices 0 and below name no local, even among the temporaries.
for k in g().t() do
  print(debug.getlocal(1, 0), debug.getlocal(1, -1), debug.setlocal(1, -2, "x"))
end
for x in g().nope do end
