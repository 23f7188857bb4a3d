-- Arguments: positional in psutil's order, or one table of named options;
-- bad input is an ordinary Lua error naming the function and the argument.
local psutil = require("psutil")

local function fails(pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  assert(not ok, "expected an error matching " .. pattern)
  err = tostring(err)
  assert(err:find(pattern, 1, true), "error " .. err .. " lacks " .. pattern)
end

fails("bad argument #1 'interval' to 'cpu_percent' (interval is not positive (got -1))", psutil.cpu_percent, -1)
fails("bad option 'interval' to 'cpu_percent' (interval is not positive (got -0.5))", psutil.cpu_percent, {interval = -0.5})
fails("bad argument #1 'interval' to 'cpu_percent' (number expected, got string)", psutil.cpu_percent, "1")
fails("bad argument #2 'percpu' to 'cpu_percent' (boolean expected, got number)", psutil.cpu_percent, 0, 1)
fails("bad argument #1 'percpu' to 'cpu_times' (boolean expected, got string)", psutil.cpu_times, "x")
fails("bad argument #1 'path' to 'disk_usage' (string expected, got number)", psutil.disk_usage, 42)
fails("bad argument #1 'path' to 'disk_usage' (string expected, got no value)", psutil.disk_usage)
fails("bad argument #1 'path' to 'disk_usage' (path does not exist: '/no/such/dir')", psutil.disk_usage, "/no/such/dir")
fails("cpu_percent() got an unexpected option 'intervl'", psutil.cpu_percent, {intervl = 1})
fails("virtual_memory() takes at most 0 argument(s) (1 given)", psutil.virtual_memory, 1)
fails("cpu_count() takes at most 1 argument(s) (2 given)", psutil.cpu_count, true, true)
fails("bad argument #1 'perdisk' to 'disk_io_counters' (boolean expected, got string)", psutil.disk_io_counters, "yes")

-- Named options and positional arguments agree.
assert(psutil.cpu_count{logical = true} == psutil.cpu_count(true))
assert(#psutil.cpu_times{percpu = true} == psutil.cpu_count())
assert(#psutil.cpu_percent(0, true) == psutil.cpu_count())
assert(type(psutil.cpu_percent{interval = 0.05}) == "number")
local pct = psutil.cpu_percent(0.05)
assert(pct >= 0 and pct <= 100, "cpu_percent in [0, 100]: " .. pct)

-- PROCFS_PATH reads and sets the procfs root.
assert(psutil.PROCFS_PATH == "/proc")
fails("psutil.PROCFS_PATH must be a non-empty string, got number", function() psutil.PROCFS_PATH = 1 end)
