-- A clone of 'pidof': the pids of the processes with a given name, or
-- whose command line starts with it. A port of psutil's scripts/pidof.py.
--
-- $ psulua examples/pidof.lua sleep
-- 13100 13108
local psutil = require("psutil")

if #arg ~= 1 then
  io.stderr:write("usage: ", arg[0], " pgname\n")
  os.exit(1)
end
local pgname = arg[1]

local pids = {}
for proc in psutil.process_iter({"name", "cmdline"}) do
  local cmdline = proc:cmdline()
  if proc:name() == pgname or (cmdline and cmdline[1] == pgname) then
    pids[#pids + 1] = string.format("%d", proc.pid)
  end
end
if #pids > 0 then
  print(table.concat(pids, " "))
end
