-- Kill every process with one of the given names (exactly that name,
-- never this one): a port of psutil's scripts/killall.py, which sends
-- SIGKILL. As killall, it prints nothing for the names it killed,
-- "NAME: no process found" for those it did not, "NAME(PID): message" for
-- a process it may not kill, and exits with status 1 unless it killed at
-- least one process of each name.
--
-- $ psulua examples/killall.lua sleep
-- $ psulua examples/killall.lua sleep
-- sleep: no process found
local psutil = require("psutil")
local argparse = require("argparse")

local parser = argparse.new{prog = "killall",
  description = "Kill the processes with the given names (psutil's scripts/killall.py)."}
parser:positional{"name", nargs = "+", help = "a process name"}
local args = parser:parse_args(arg)

-- found and killed count the processes of each name.
local found, killed = {}, {}
for _, name in ipairs(args.name) do found[name], killed[name] = 0, 0 end
local me = psutil.Process().pid

for proc in psutil.process_iter({"name"}) do
  local name = proc:name()
  if name and found[name] and proc.pid ~= me then
    found[name] = found[name] + 1
    -- A process that ended in the meantime is not an error.
    local ok, err = pcall(proc.kill, proc)
    if ok then
      killed[name] = killed[name] + 1
    elseif psutil.iserror(err, psutil.AccessDenied) then
      io.stderr:write(string.format("%s(%d): Operation not permitted\n", name, proc.pid))
    elseif not psutil.iserror(err, psutil.NoSuchProcess) then
      error(err, 0)
    end
  end
end

local status = 0
for _, name in ipairs(args.name) do
  if found[name] == 0 then
    io.stderr:write(name, ": no process found\n")
  end
  if killed[name] == 0 then status = 1 end
end
os.exit(status)
