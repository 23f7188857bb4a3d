-- Shows the CPU workload split across CPUs: a port of psutil's
-- scripts/cpu_distribution.py.
--
-- Each refresh prints every CPU's usage since the previous one (the first
-- is meaningless, as with psutil.cpu_percent()), then, per CPU, the first
-- five letters of the names of the processes last seen running on it, down
-- to the bottom of the terminal (24 rows when stdout is not a terminal). At
-- most 8 CPUs are shown. Redrawn every second (-d) until q or Ctrl-C, or
-- -n N times: full screen on a terminal, plain frames otherwise.
--
-- $ psulua examples/cpu_distribution.lua -n 1
-- CPU 0     CPU 1
-- 0.0       0.0
-- memfd     bash
-- memfd     kwork
-- sh        kwork
-- make      bash
-- ...
local psutil = require("psutil")
local term = require("term")
local screen = require("screen")
local argparse = require("argparse")

local parser = argparse.new{prog = "cpu_distribution",
  description = "Shows CPU workload split across different CPUs (psutil's scripts/cpu_distribution.py)."}
parser:option{"-d", "--delay", type = "number", default = 1, help = "seconds between refreshes"}
parser:option{"-n", "--iterations", type = "integer", help = "stop after this many refreshes (default: until q or Ctrl-C)"}
local args = parser:parse_args(arg)
if args.delay < 0 then parser:error("argument -d/--delay: must not be negative") end
if (args.iterations or 0) < 0 then parser:error("argument -n/--iterations: must not be negative") end

-- pcall: reading a method psutil lacks on this system is an error.
if not pcall(function() return psutil.Process().cpu_num end) then
  io.stderr:write("platform not supported\n")
  os.exit(1)
end

local fmt = string.format

local num_cpus = psutil.cpu_count()
local cpus_hidden = false
if num_cpus > 8 then
  num_cpus = 8 -- try to fit into screen
  cpus_hidden = true
end

-- refresh returns the lines of one refresh.
local function refresh()
  local cpus_percent = psutil.cpu_percent(nil, true)
  local head, percents = {}, {}
  for i = 0, num_cpus - 1 do
    head[#head + 1] = fmt("CPU %-6d", i)
  end
  if cpus_hidden then head[#head + 1] = " (+ hidden)" end
  for i = 1, num_cpus do
    percents[#percents + 1] = fmt("%-10.1f", cpus_percent[i])
  end
  local lines = {table.concat(head), table.concat(percents)}

  -- process names by the CPU each last ran on
  local procs = {}
  for p in psutil.process_iter({"name", "cpu_num"}) do
    local cpu, name = p:cpu_num(), p:name()
    if cpu ~= nil and name ~= nil then
      procs[cpu] = procs[cpu] or {}
      table.insert(procs[cpu], name:sub(1, 5))
    end
  end

  local _, rows = term.size()
  local curr_line = 3
  while true do
    local line = {}
    for cpu = 0, num_cpus - 1 do
      local list = procs[cpu]
      local pname = list and table.remove(list) or ""
      line[#line + 1] = fmt("%-10s", pname:sub(1, 10))
    end
    lines[#lines + 1] = table.concat(line)
    curr_line = curr_line + 1
    if curr_line >= rows then break end
  end
  return lines
end

screen.run{delay = args.delay, iterations = args.iterations, refresh = refresh}
