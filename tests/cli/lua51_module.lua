-- module(name) makes the tables of a dotted name, as Lua 5.1 does, and a
-- name conflict is Lua 5.1's error.
print(pcall(module, "print.x"))
print(pcall(module, "string.len.x"))
local deep = ("d."):rep(3000) .. "end"
local function make(name) module(name, package.seeall) return _M end
local m = make(deep)
local t = d
for i = 1, 2999 do t = t.d end
print(t["end"] == m, m._NAME == deep, #m._PACKAGE)
print(make("a..b") == a[""].b, make("x.") == x[""], make("") == _G[""])
-- _LOADED is read through its metatable.
local pre = {}
setmetatable(package.loaded, {__index = function(t, k) if k == "print.y" then return pre end end})
print(make("print.y") == pre)
setmetatable(package.loaded, nil)
