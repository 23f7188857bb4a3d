-- One fuzz case for tests/pattern_fuzz_test.go: the subject, the pattern
-- and the replacement come hex-encoded in arg[1..3]; every pattern function
-- runs on them and what it returned or raised is printed with %q.
local function unhex(h)
  local out = {}
  for i = 1, #h, 2 do
    out[#out + 1] = string.char(tonumber(h:sub(i, i + 1), 16))
  end
  return table.concat(out)
end
local s, p, r = unhex(arg[1]), unhex(arg[2]), unhex(arg[3])

local function show(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[#out + 1] = type(v) == "string" and string.format("%q", v) or tostring(v)
  end
  print(table.concat(out, " "))
end

show(pcall(string.find, s, p))
show(pcall(string.find, s, p, 2))
show(pcall(string.find, s, p, -3, true))
show(pcall(string.match, s, p))
show(pcall(string.gsub, s, p, r))
show(pcall(string.gsub, s, p, r, 2))
show(pcall(string.gsub, s, p, function(a, b) return b or a end))
show(pcall(function()
  local t = {}
  for a, b in string.gmatch(s, p) do
    t[#t + 1] = string.format("%q %q", tostring(a), tostring(b))
    if #t > 20 then break end
  end
  return table.concat(t, "|")
end))
