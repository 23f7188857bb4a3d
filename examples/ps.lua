-- A clone of 'ps aux': a port of psutil's scripts/ps.py. Lines are cut at
-- the terminal's width (80 columns when stdout is not a terminal), as
-- there; without root, what psutil cannot read is left blank.
--
-- $ psulua examples/ps.lua
-- USER         PID  %MEM     VSZ     RSS  NICE STATUS  START   TIME  CMDLINE
-- root           1   0.0   39.1M   10.9M   -10  sleep  10:56  26:25  /process_api
-- root           2   0.0    0.0B    0.0B        sleep  10:56  00:00  kthreadd
-- root           3   0.0    0.0B    0.0B        sleep  10:56  00:00  pool_workqueu
-- root           4   0.0    0.0B    0.0B   -20   idle  10:56  00:00  kworker/R-rcu
-- ...
--
-- --json prints one JSON list instead, an object per process with the
-- attributes ps.py reads, under psutil's names (memory_info and cpu_times
-- as objects, cmdline as a list, create_time in seconds since the epoch);
-- what psutil may not read is null.
local psutil = require("psutil")
local term = require("term")
local time = require("time")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "ps", description = "A clone of ps aux (psutil's scripts/ps.py)."}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

local bytes2human = psutil.bytes2human
local fmt = string.format

local today = time.strftime("%Y-%m-%d")
local cols = term.size()
local templ = "%-10s %5s %5s %7s %7s %5s %6s %6s %6s  %s"
local attrs = {"pid", "memory_percent", "name", "cmdline", "cpu_times",
  "create_time", "memory_info", "status", "nice", "username"}

if args.json then
  local procs = {}
  for p in psutil.process_iter(attrs, json.null) do
    procs[#procs + 1] = p.info
  end
  print(json.encode(procs))
  return
end

print(fmt(templ, "USER", "PID", "%MEM", "VSZ", "RSS", "NICE", "STATUS", "START", "TIME", "CMDLINE"))
for p in psutil.process_iter(attrs) do
  local ctime = ""
  local created = p:create_time()
  if created then
    if time.strftime("%Y-%m-%d", created) == today then
      ctime = time.strftime("%H:%M", created)
    else
      ctime = time.strftime("%b%d", created)
    end
  end

  -- ps.py formats the summed CPU times as a time of day: minutes:seconds.
  local cputime = ""
  local times = p:cpu_times()
  if times then
    local total = 0
    for _, v in ipairs(times) do total = total + v end
    cputime = time.strftime("%M:%S", total)
  end

  local user = p:username()
  if not user and psutil.POSIX then
    local ok, uids = pcall(p.uids, p)
    if ok and uids then user = fmt("%d", uids[1]) end
  end
  user = (user or ""):sub(1, 9)

  local mem = p:memory_info()
  local memp = p:memory_percent()
  local nice = p:nice()
  local cmdline = p:cmdline()
  if cmdline and #cmdline > 0 then
    cmdline = table.concat(cmdline, " ")
  else
    cmdline = p:name() or ""
  end
  local status = p:status()

  local line = fmt(templ,
    user,
    p.pid,
    memp and fmt("%.1f", memp) or "",
    mem and bytes2human(mem.vms) or "",
    mem and bytes2human(mem.rss) or "",
    (nice and nice ~= 0) and fmt("%d", nice) or "",
    status and status:sub(1, 5) or "",
    ctime,
    cputime,
    cmdline)
  print(line:sub(1, cols))
end
