-- Real-time network statistics: a port of psutil's scripts/nettop.py.
--
-- Refreshed every half a second (-d); the PER-SEC column is what moved
-- since the previous refresh, as nettop.py prints what moved during its
-- interval. Interfaces with the most traffic come first (ties by name).
-- Full screen on a terminal, until q or Ctrl-C; when stdout is not a
-- terminal each refresh is printed as a plain frame. -n N stops after N
-- refreshes.
--
-- $ psulua examples/nettop.lua -n 1
-- total bytes:           sent: 1.0G         received: 1.0G
--
-- lo                        TOTAL         PER-SEC
-- bytes-sent                 1.0G          0.0B/s
-- bytes-recv                 1.0G          0.0B/s
-- pkts-sent               1371505               0
-- pkts-recv               1371505               0
--
-- eth0                      TOTAL         PER-SEC
-- bytes-sent               132.2K          0.0B/s
-- bytes-recv                22.2M          0.0B/s
-- pkts-sent                  1102               0
-- pkts-recv                  1187               0
-- ...
local psutil = require("psutil")
local screen = require("screen")
local argparse = require("argparse")

local parser = argparse.new{prog = "nettop", description = "Real-time network statistics (psutil's scripts/nettop.py)."}
parser:option{"-d", "--delay", type = "number", default = 0.5, help = "seconds between refreshes"}
parser:option{"-n", "--iterations", type = "integer", help = "stop after this many refreshes (default: until q or Ctrl-C)"}
local args = parser:parse_args(arg)
if args.delay < 0 then parser:error("argument -d/--delay: must not be negative") end
if (args.iterations or 0) < 0 then parser:error("argument -n/--iterations: must not be negative") end

local bytes2human = psutil.bytes2human
local fmt = string.format

local function sum(nt)
  local s = 0
  for _, v in ipairs(nt) do s = s + v end
  return s
end

local templ = "%-15s %15s %15s"

-- refresh_window returns the lines of one refresh: the totals, then each
-- interface's counters and what moved since before.
local function refresh_window(tot_after, pnic_before, pnic_after)
  local lines = {}
  local function printl(line, highlight)
    lines[#lines + 1] = {text = line, highlight = highlight}
  end
  printl(fmt("total bytes:           sent: %-10s   received: %s",
    bytes2human(tot_after.bytes_sent), bytes2human(tot_after.bytes_recv)))
  printl("")
  -- The busiest interfaces first; nettop.py keeps ties in the kernel's
  -- order, which psulua's tables do not keep: ties are sorted by name.
  local names = {}
  for name, counters in pairs(pnic_after) do
    names[#names + 1] = {name = name, total = sum(counters)}
  end
  table.sort(names, function(a, b)
    if a.total ~= b.total then return a.total > b.total end
    return a.name < b.name
  end)
  for _, n in ipairs(names) do
    local before, after = pnic_before[n.name], pnic_after[n.name]
    if before then
      printl(fmt(templ, n.name, "TOTAL", "PER-SEC"), true)
      printl(fmt(templ, "bytes-sent", bytes2human(after.bytes_sent),
        bytes2human(after.bytes_sent - before.bytes_sent) .. "/s"))
      printl(fmt(templ, "bytes-recv", bytes2human(after.bytes_recv),
        bytes2human(after.bytes_recv - before.bytes_recv) .. "/s"))
      printl(fmt(templ, "pkts-sent", fmt("%d", after.packets_sent),
        fmt("%d", after.packets_sent - before.packets_sent)))
      printl(fmt(templ, "pkts-recv", fmt("%d", after.packets_recv),
        fmt("%d", after.packets_recv - before.packets_recv)))
      printl("")
    end
  end
  return lines
end

-- Each refresh shows what moved since the previous one (the first, since
-- the start: nothing much). last is changed in place, never reassigned:
-- gopher-lua loses assignments to upvalues after an error caught by pcall
-- (yuin/gopher-lua#448).
local last = {pnic = psutil.net_io_counters(true)}
screen.run{delay = args.delay, iterations = args.iterations, refresh = function()
  local tot, pnic = psutil.net_io_counters(), psutil.net_io_counters(true)
  local lines = refresh_window(tot, last.pnic, pnic)
  last.pnic = pnic
  return lines
end}
