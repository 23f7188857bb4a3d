-- A clone of 'pidof': the pids of the processes with one of the given
-- names, or whose command line starts with one. A port of psutil's
-- scripts/pidof.py, which takes one name; as pidof, this takes several and
-- exits with status 1 when no process has any of them.
--
-- $ psulua examples/pidof.lua sleep
-- 13100 13108
local psutil = require("psutil")
local argparse = require("argparse")

local parser = argparse.new{prog = "pidof",
  description = "Print the pids of the running programs with the given names (psutil's scripts/pidof.py)."}
parser:positional{"name", nargs = "+", help = "a program name"}
local args = parser:parse_args(arg)

local wanted = {}
for _, name in ipairs(args.name) do wanted[name] = true end

local pids = {}
for proc in psutil.process_iter({"name", "cmdline"}) do
  local cmdline = proc:cmdline()
  if wanted[proc:name()] or (cmdline and cmdline[1] and wanted[cmdline[1]]) then
    pids[#pids + 1] = string.format("%d", proc.pid)
  end
end
if #pids == 0 then
  os.exit(1)
end
print(table.concat(pids, " "))
