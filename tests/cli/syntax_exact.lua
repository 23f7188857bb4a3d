-- A syntax error both parsers describe the same way.
local x = 1
y = = 2
