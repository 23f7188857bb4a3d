-- Lua 5.1's library functions gopher-lua lacks or words differently.
local t = setmetatable({}, {__tostring = function() return nil end})
print(tostring(t) == nil, select("#", tostring(t)))
print(table.foreach({x = 1}, function(k, v) return k .. v end))
print(table.foreach({}, error))
print(table.foreachi({5, 6, 7}, function(i, v) if i == 2 then return v * 10 end end))
print(type(gcinfo()), gcinfo() > 0)
print(string.gfind == string.gmatch)
for w in string.gfind("one two", "%a+") do io.write(w, ";") end
print()
print(table.maxn({[1.5] = true, [-3] = 1}), table.maxn({}))
print(select("#", unpack({1, nil, 3})), pcall(function() return unpack({}, 1, 1e6) end))

-- next's invalid keys; comparison, collectgarbage, getfenv and loadstring errors as lua5.1's
do
print(pcall(next, {}, 1))
print(pcall(next, {a=1}, 1))
print(pcall(next, {a=1, b=2}, "zz"))
print(pcall(next, {1,2,3}, 2))
print(pcall(next, {1,2,3}, 3))
print(pcall(next, {1,2,3}, 4))
local t = {a = 1, b = 2, c = 3}
local n = 0
for k in pairs(t) do t[k] = nil n = n + 1 end
print(n, next(t))
local u = {x = 1, y = 2}
local k = next(u)
u[k] = nil
print((pcall(next, u, k)))
print(pcall(function() return next({}, "x") end))
print(pcall(function() return "x" < coroutine.create(function() end) end))
print(pcall(function() return coroutine.create(function() end) <= "y" end))
print(pcall(collectgarbage, 1), pcall(collectgarbage, 1e15), pcall(collectgarbage, "x"))
print(pcall(getfenv, "10"), pcall(getfenv, "-1"), pcall(getfenv, "x"))
print(loadstring(1e15))
print(type(loadstring("return 1", 1e15)))
print(pcall(loadstring, {}))
end
