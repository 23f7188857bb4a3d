-- A clone of top / htop: a port of psutil's scripts/top.py.
--
-- Full screen on a terminal, redrawn every second (-d) until q or Ctrl-C
-- or, with -n N, N times. When stdout is not a terminal each refresh is
-- printed as a plain frame with every process, as "top -b" does, so that
-- `psulua examples/top.lua -n 1 > file` works. Colours and the highlighted
-- column header appear only on a terminal. (The screen module runs the
-- loop, as it does for iotop, nettop and cpu_distribution.)
--
-- $ psulua examples/top.lua -n 2    (the second refresh)
--  CPU0  [                                        ]   2.0%
--  CPU1  [                                        ]   2.0%
--  Mem   [                                        ]   1.8% 441.3M / 23.5G
--  Swap  [                                        ]   0.0%   0.0B / 0.0B
--  Processes: 71 (sleeping=35, idle=35, zombie=1)
--  Load average: 1.10 2.03 1.55  Uptime: 1:11:11
--
-- PID    USER       NI   VIRT    RES  CPU%  MEM%     TIME+  NAME
-- 1      root      -10  39.1M  10.9M   1.0   0.0  26:25.43  process_api
-- 2      root        0   0.0B   0.0B   0.0   0.0    0:00.0  kthreadd
-- 3      root        0   0.0B   0.0B   0.0   0.0    0:00.0  pool_workqueue_release
-- ...
local psutil = require("psutil")
local screen = require("screen")
local time = require("time")
local humanize = require("humanize")
local argparse = require("argparse")

local parser = argparse.new{prog = "top", description = "A clone of top / htop (psutil's scripts/top.py)."}
parser:option{"-d", "--delay", type = "number", default = 1, help = "seconds between refreshes"}
parser:option{"-n", "--iterations", type = "integer", help = "stop after this many refreshes (default: until q or Ctrl-C)"}
local args = parser:parse_args(arg)
if args.delay < 0 then parser:error("argument -d/--delay: must not be negative") end
if (args.iterations or 0) < 0 then parser:error("argument -n/--iterations: must not be negative") end

local bytes2human = psutil.bytes2human
local fmt = string.format
local attrs = {"username", "nice", "memory_info", "memory_percent", "cpu_percent", "cpu_times", "name", "status"}

-- poll returns the processes (their pids and as_dict tables, and the
-- order of their indexes by CPU percent) and the count of processes by
-- status, in the order statuses were first seen. It runs every refresh
-- for every process, so it keeps plain lists: a table per process costs
-- more than reading it.
local function poll()
  local pids, infos, cpu, status_counts, statuses = {}, {}, {}, {}, {}
  for p in psutil.process_iter() do
    local ok, info = pcall(p.as_dict, p, attrs)
    if ok then
      local st = info.status
      if st ~= nil then
        if not status_counts[st] then
          status_counts[st] = 0
          statuses[#statuses + 1] = st
        end
        status_counts[st] = status_counts[st] + 1
      end
      local n = #infos + 1
      pids[n], infos[n], cpu[n] = p.pid, info, info.cpu_percent or 0
    elseif not psutil.iserror(info, psutil.NoSuchProcess) then
      error(info, 0)
    end
  end
  -- sorted() is stable: equal percents keep the process_iter order. Most
  -- processes use no CPU: they go last in that order without a sort.
  local order, idle = {}, {}
  for i = 1, #infos do
    if cpu[i] > 0 then order[#order + 1] = i else idle[#idle + 1] = i end
  end
  table.sort(order, function(a, b)
    local ca, cb = cpu[a], cpu[b]
    if ca ~= cb then return ca > cb end
    return a < b
  end)
  for i = 1, #idle do order[#order + 1] = idle[i] end
  return {pids = pids, infos = infos, order = order}, status_counts, statuses
end

local function get_color(perc)
  if perc <= 30 then
    return "green"
  elseif perc <= 80 then
    return "yellow"
  end
  return "bright_red" -- curses colour 9, as top.py's colour pair 10
end

local function get_dashes(perc)
  local dashes = string.rep("|", math.floor(perc / 10 * 4))
  return dashes, string.rep(" ", 40 - #dashes)
end

-- The system-wide lines above the process list.
local function print_header(printl, status_counts, statuses, num_procs)
  for i, perc in ipairs(psutil.cpu_percent(0, true)) do
    local dashes, empty = get_dashes(perc)
    printl(fmt(" CPU%-2d [%s%s] %5.1f%%", i - 1, dashes, empty, perc), get_color(perc))
  end
  local mem = psutil.virtual_memory()
  local dashes, empty = get_dashes(mem.percent)
  printl(fmt(" Mem   [%s%s] %5.1f%% %6s / %s", dashes, empty, mem.percent,
    bytes2human(mem.used), bytes2human(mem.total)), get_color(mem.percent))
  local swap = psutil.swap_memory()
  dashes, empty = get_dashes(swap.percent)
  printl(fmt(" Swap  [%s%s] %5.1f%% %6s / %s", dashes, empty, swap.percent,
    bytes2human(swap.used), bytes2human(swap.total)), get_color(swap.percent))

  -- "running" and "sleeping" first, the others after, each group in the
  -- order seen.
  local first, rest = {}, {}
  for _, st in ipairs(statuses) do
    local n = status_counts[st]
    if n > 0 then
      local prefix = st:sub(1, 3)
      local list = (prefix == "run" or prefix == "sle") and first or rest
      list[#list + 1] = st .. "=" .. n
    end
  end
  for _, s in ipairs(rest) do first[#first + 1] = s end
  printl(fmt(" Processes: %d (%s)", num_procs, table.concat(first, ", ")))

  local load = psutil.getloadavg()
  printl(fmt(" Load average: %.2f %.2f %.2f  Uptime: %s", load[1], load[2], load[3],
    humanize.duration(time.time() - psutil.boot_time())))
end

-- time_text is the TIME+ column as top.py writes it from a timedelta of
-- total seconds: minutes (mod 60), seconds and the first two digits of
-- the microseconds. (x - x % 1 is floor(x) without a call; the values
-- are never negative.)
local function time_text(total)
  local secs = total - total % 1
  local micros = (total - secs) * 1e6 + 0.5
  micros = micros - micros % 1
  if micros >= 1000000 then
    secs, micros = secs + 1, micros - 1000000
  end
  secs = secs % 3600 -- top.py shows minutes mod 60
  while micros >= 100 do micros = (micros - micros % 10) / 10 end -- str(micros)[:2]
  return fmt("%d:%02d.%d", (secs - secs % 60) / 60, secs % 60, micros)
end

-- Most processes' memory and CPU times do not change from one refresh to
-- the next: the VIRT, RES and TIME+ texts of this refresh and the last
-- are kept and looked up before they are formatted again. They are keyed
-- by the value's negative: psulua's Lua VM (gopher-lua) keeps a positive
-- integer key in a table's array part, which grows to the key.
local human, times, last_human, last_times = {}, {}, {}, {}

local function human_of(n)
  local s = last_human[-n] or bytes2human(n)
  human[-n] = s
  return s
end

local function times_of(total)
  local s = last_times[-total] or time_text(total)
  times[-total] = s
  return s
end

local templ = "%-6s %-8s %4s %6s %6s %5s %5s %9s  %2s"
-- templ for a process whose nice and percents are all known: the same
-- text in one call instead of four.
local templ_known = "%-6s %-8s %4d %6s %6s %5.1f %5.1f %9s  %2s"

-- short_user holds each user name cut to top.py's 8 characters.
local short_user = setmetatable({}, {__index = function(t, name)
  local short = name:sub(1, 8)
  t[name] = short
  return short
end})

-- refresh_window returns the lines of one refresh: a string, or a table
-- with the line's colour and style.
local function refresh_window(procs, status_counts, statuses)
  local lines = {}
  local function printl(line, color, bold, highlight)
    if color or bold or highlight then
      line = {text = line, color = color, bold = bold, highlight = highlight}
    end
    lines[#lines + 1] = line
  end
  human, times, last_human, last_times = {}, {}, human, times
  print_header(printl, status_counts, statuses, #procs.order)
  printl("")
  printl(fmt(templ, "PID", "USER", "NI", "VIRT", "RES", "CPU%", "MEM%", "TIME+", "NAME"), nil, true, true)
  local pids, infos = procs.pids, procs.infos
  local order = procs.order
  for i = 1, #order do
    local k = order[i]
    local d = infos[k]
    local mem, user = d.memory_info, d.username
    local nice, cpu, memp, ctimes = d.nice, d.cpu_percent, d.memory_percent, d.cpu_times
    local vms, rss = 0, 0
    if mem then vms, rss = mem.vms, mem.rss end
    vms, rss = human[-vms] or human_of(vms), human[-rss] or human_of(rss)
    user = user and short_user[user] or ""
    local ctime = ""
    if ctimes then
      local total = 0 -- sum(cpu_times), in order
      for j = 1, #ctimes do total = total + ctimes[j] end
      ctime = times[-total] or times_of(total)
    end
    if nice and cpu and memp then
      lines[#lines + 1] = fmt(templ_known, pids[k], user, nice, vms, rss, cpu, memp, ctime, d.name or "")
    else
      lines[#lines + 1] = fmt(templ, pids[k], user, nice and fmt("%d", nice) or "", vms, rss,
        cpu and fmt("%.1f", cpu) or "", memp and fmt("%.1f", memp) or "", ctime, d.name or "")
    end
  end
  return lines
end

screen.run{delay = args.delay, iterations = args.iterations,
  refresh = function() return refresh_window(poll()) end}
