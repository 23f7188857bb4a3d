-- error's level: 0 adds no position, 2 blames the caller.
local function check(x)
  if type(x) ~= "number" then error("number expected", 2) end
end
print(pcall(error, "no position", 0))
local function caller() check("y") end
caller()
