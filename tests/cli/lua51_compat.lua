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
