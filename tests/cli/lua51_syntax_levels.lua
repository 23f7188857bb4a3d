-- Nesting is bounded as in Lua 5.1 ("chunk has too many syntax levels"),
-- before the compiler recurses on it.
local function try(src)
  local f, msg = loadstring(src)
  print(f == nil, msg and string.match(msg, ":%d+: (.*)$"))
end
try("return " .. string.rep("{", 1e6) .. string.rep("}", 1e6))
try("local a; a = " .. string.rep("(", 300) .. "1" .. string.rep(")", 300))
try("local a; " .. string.rep("do ", 300) .. string.rep("end ", 300))
try("local a; a = " .. string.rep("a..", 300) .. "a")
try("local a; a = " .. string.rep("-", 300) .. "1")
try("return " .. string.rep("{", 100) .. string.rep("}", 100))
try("return " .. string.rep("1 + ", 5000) .. "1")
