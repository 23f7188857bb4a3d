-- psutil's exception classes: error values with fields, a hierarchy that
-- psutil.iserror honours, and psutil's messages through tostring.
local psutil = require("psutil")

for _, name in ipairs{"Error", "NoSuchProcess", "ZombieProcess", "AccessDenied", "TimeoutExpired"} do
  assert(type(psutil[name]) == "table", name .. " is exported")
  assert(tostring(psutil[name]) == "psutil." .. name)
end

-- Plain Lua errors and other values are not psutil errors.
local ok, err = pcall(psutil.cpu_percent, -1)
assert(not ok and not psutil.iserror(err))
assert(not psutil.iserror("x") and not psutil.iserror(nil) and not psutil.iserror({}))
assert(not psutil.iserror(setmetatable({}, {__class = {}})), "a look-alike is not a psutil error")
local ok2, err2 = pcall(psutil.iserror, {}, "NoSuchProcess")
assert(not ok2 and tostring(err2):find("psutil error class expected", 1, true))
