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
for x in g().nope do end
