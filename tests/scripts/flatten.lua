-- flatten(out, key, value) appends "key<TAB>value" lines for value and
-- everything inside it, keys joined with dots, in a form the Python side
-- (flatten.py) prints the same way for python3-psutil's values.
local function isTuple(v)
  return type(v._fields) == "table"
end

local function flatten(out, key, v)
  if type(v) == "table" then
    if isTuple(v) then
      for _, name in ipairs(v._fields) do flatten(out, key .. "." .. name, v[name]) end
      return
    end
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    if #keys == 0 then out[#out + 1] = key .. "\t{}" return end
    table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
    for _, k in ipairs(keys) do flatten(out, key .. "." .. tostring(k), v[k]) end
  elseif type(v) == "string" then
    -- %q, but a newline as \n: one line a value.
    out[#out + 1] = key .. "\t" .. string.format("%q", v):gsub("\\\n", "\\n")
  elseif type(v) == "number" then
    out[#out + 1] = key .. "\t" .. string.format("%.17g", v)
  elseif v == nil then
    out[#out + 1] = key .. "\tNone"
  else
    out[#out + 1] = key .. "\t" .. tostring(v)
  end
end

return flatten
