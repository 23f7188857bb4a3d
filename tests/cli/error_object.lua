-- An error value with __tostring (as psutil's errors are) prints by its
-- tostring, with the traceback; lua5.1 says "(error object is not a string)".
local NoSuchProcess = {__tostring = function(e) return "psutil.NoSuchProcess: process no longer exists (pid=" .. e.pid .. ")" end}
local function find(pid) error(setmetatable({pid = pid}, NoSuchProcess)) end
find(42)
