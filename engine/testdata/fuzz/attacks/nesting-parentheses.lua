-- Issue 19: as nesting-constructors.lua, with parentheses.
return loadstring("return " .. ("("):rep(1e6) .. "1" .. (")"):rep(1e6))
