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

-- The classes are read-only and their hierarchy cannot be changed.
local ok3, err3 = pcall(function() psutil.Error.__parent = psutil.NoSuchProcess end)
assert(not ok3 and tostring(err3):find("psutil.Error is read-only", 1, true), tostring(err3))
rawset(psutil.Error, "__parent", psutil.NoSuchProcess) -- no effect on the Go-side hierarchy
assert(getmetatable(psutil.NoSuchProcess) == "psutil: protected metatable")
local _, nsp = pcall(psutil.Process, 2^31 - 2)
assert(psutil.iserror(nsp, psutil.Error) and not psutil.iserror(nsp, psutil.AccessDenied))
-- A look-alike value is not a psutil error.
local fake = setmetatable({msg = "x"}, {__tostring = function() return "psutil.NoSuchProcess: x" end})
assert(not psutil.iserror(fake))
assert(psutil[true] == nil and rawget(psutil, "nosuch") == nil, "rawget tests for a name")
local ok, msg = pcall(function() return psutil.virtual_memry end)
assert(not ok and msg:find("module 'psutil' has no attribute 'virtual_memry'. Did you mean: 'virtual_memory'?", 1, true), msg)
