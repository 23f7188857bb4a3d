-- A clone of iotop showing real time disk I/O statistics: a port of
-- psutil's scripts/iotop.py.
--
-- Like iotop.py, each refresh measures I/O over an interval (-d, half a
-- second) and then waits as long again; the DISK READ and DISK WRITE columns
-- are the bytes moved during the interval, as iotop.py prints them. Full
-- screen on a terminal, until q or Ctrl-C; when stdout is not a terminal
-- each refresh is printed as a plain frame listing every process. -n N
-- stops after N refreshes. Processes whose I/O counters cannot be read (other users'
-- processes when not root) are left out, as iotop.py does.
--
-- $ psulua examples/iotop.lua -n 1
-- Total DISK READ: 0.0B | Total DISK WRITE: 0.0B
-- PID   USER      DISK READ  DISK WRITE  COMMAND
-- 2     root           0.0B        0.0B  kthreadd
-- 3     root           0.0B        0.0B  pool_workqueue_release
-- 4     root           0.0B        0.0B  kworker/R-rcu_gp
-- ...
-- 18737 root           0.0B        0.0B  bash /dev/fd/3
-- ...
local psutil = require("psutil")
local screen = require("screen")
local time = require("time")
local argparse = require("argparse")

local parser = argparse.new{prog = "iotop", description = "A clone of iotop (psutil's scripts/iotop.py)."}
parser:option{"-d", "--delay", type = "number", default = 0.5, help = "seconds of each measure, and of the pause after it"}
parser:option{"-n", "--iterations", type = "integer", help = "stop after this many refreshes (default: until q or Ctrl-C)"}
local args = parser:parse_args(arg)
if args.delay < 0 then parser:error("argument -d/--delay: must not be negative") end
if (args.iterations or 0) < 0 then parser:error("argument -n/--iterations: must not be negative") end

local bytes2human = psutil.bytes2human
local fmt = string.format

-- poll measures every readable process's I/O and the disks' over interval
-- seconds; returns the processes, most I/O first, and the disks' totals.
local function poll(interval)
  local procs = {}
  for p in psutil.process_iter() do
    local ok, before = pcall(p.io_counters, p)
    if ok then
      procs[#procs + 1] = {p = p, before = before}
    end
  end
  local disks_before = psutil.disk_io_counters()

  time.sleep(interval)

  local alive = {}
  for _, e in ipairs(procs) do
    local ok, err = pcall(e.p.oneshot, e.p, function()
      e.after = e.p:io_counters()
      e.cmdline = table.concat(e.p:cmdline(), " ")
      if e.cmdline == "" then e.cmdline = e.p:name() end
      e.username = e.p:username()
    end)
    if ok then
      e.read = e.after.read_bytes - e.before.read_bytes
      e.write = e.after.write_bytes - e.before.write_bytes
      e.total = e.read + e.write
      e.order = #alive
      alive[#alive + 1] = e
    elseif not psutil.iserror(err, psutil.NoSuchProcess) then
      error(err, 0)
    end
  end
  local disks_after = psutil.disk_io_counters()

  table.sort(alive, function(a, b)
    if a.total ~= b.total then return a.total > b.total end
    return a.order < b.order
  end)
  return alive, disks_after.read_bytes - disks_before.read_bytes,
    disks_after.write_bytes - disks_before.write_bytes
end

local templ = "%-5s %-7s %11s %11s  %s"

local function refresh_window(procs, disks_read, disks_write)
  local lines = {fmt("Total DISK READ: %s | Total DISK WRITE: %s", bytes2human(disks_read), bytes2human(disks_write)),
    {text = fmt(templ, "PID", "USER", "DISK READ", "DISK WRITE", "COMMAND"), highlight = true}}
  for _, e in ipairs(procs) do
    lines[#lines + 1] = fmt(templ, e.p.pid, e.username:sub(1, 7), bytes2human(e.read), bytes2human(e.write), e.cmdline)
  end
  return lines
end

-- The first refresh measures no time at all, as iotop.py's; the screen
-- waits as long again between refreshes.
screen.run{delay = args.delay, iterations = args.iterations,
  refresh = function(n) return refresh_window(poll(n == 1 and 0 or args.delay)) end}
