-- show, for the lua51_*.lua comparisons: its arguments on one line,
-- numbers with all 17 digits, so that the last bit of each shows.
return function(...)
  local out = {}
  for i = 1, select("#", ...) do
    local v = select(i, ...)
    out[i] = type(v) == "number" and string.format("%.17g", v) or tostring(v)
  end
  print(table.concat(out, " "))
end
