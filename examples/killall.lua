-- Kill every process with a given name (exactly that name, never this
-- one): a port of psutil's scripts/killall.py. Prints nothing when it
-- killed some; exits with "NAME: no process found" and status 1 when none
-- has the name.
--
-- $ psulua examples/killall.lua sleep
-- $ psulua examples/killall.lua sleep
-- sleep: no process found
local psutil = require("psutil")

if #arg ~= 1 then
  io.stderr:write("usage: ", arg[0], " name\n")
  os.exit(1)
end
local name = arg[1]
local me = psutil.Process().pid

local killed = 0
for proc in psutil.process_iter({"name"}) do
  if proc:name() == name and proc.pid ~= me then
    -- A process that ended in the meantime is not an error; anything else
    -- (AccessDenied) stops the script, as it does killall.py.
    local ok, err = pcall(proc.kill, proc)
    if ok then
      killed = killed + 1
    elseif not psutil.iserror(err, psutil.NoSuchProcess) then
      error(err, 0)
    end
  end
end
if killed == 0 then
  io.stderr:write(name, ": no process found\n")
  os.exit(1)
end
