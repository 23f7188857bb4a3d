-- Memory use of every process psutil may query, sorted by USS (Unique Set
-- Size, the memory that would be freed if the process ended), like smem: a
-- port of psutil's scripts/procsmem.py. At most 86 processes are listed;
-- without root only the user's own, and a warning counts the others.
--
-- $ psulua examples/procsmem.lua
-- PID     User        USS     PSS    Swap     RSS     VMS Cmdline
-- ===============================================================
-- 1088    root     100.0K  420.0K            1.0M    1.4M line_io_tools/binary_backend --uid 0 --gid 0 --sta
-- 13108   root     112.0K  360.0K            1.8M    2.9M sleep 300
-- ...
-- 13186   root       6.2M    6.2M            6.2M    1.2G /tmp/ex/psulua examples/procsmem.lua
-- warning: access denied for 1 pids
--
-- --json prints one JSON list instead, every process in the same order, an
-- object with its pid, username, cmdline (a list) and, in bytes, the uss,
-- pss and swap of memory_footprint() and the rss and vms of memory_info();
-- the warning then goes to stderr.
local psutil = require("psutil")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "procsmem",
  description = "Show the memory use of every process, sorted by USS, like smem (psutil's scripts/procsmem.py)."}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

-- getattr(obj, name) is Python's getattr(obj, name, None): reading a
-- method or field psutil lacks on this system (pss and swap are Linux's) is
-- an error.
local function getattr(obj, name)
  local ok, v = pcall(function() return obj[name] end)
  if ok then return v end
end

if not getattr(psutil.Process(), "memory_footprint") then
  io.stderr:write("can't retrieve USS memory on this platform\n")
  os.exit(1)
end

local fmt = string.format

-- convert_bytes is procsmem.py's own: "%.1f" and a unit letter from K up,
-- bytes as an integer below 1K.
local symbols = {"K", "M", "G", "T", "P", "E", "Z", "Y"}
local function convert_bytes(n)
  for i = #symbols, 1, -1 do
    local prefix = 2 ^ (i * 10)
    if n >= prefix then
      return fmt("%.1f%s", n / prefix, symbols[i])
    end
  end
  return fmt("%dB", n)
end

-- Counters live in a table: gopher-lua loses assignments to upvalues after
-- an error caught by pcall (yuin/gopher-lua#448).
local ad = {pids = 0}
local procs = {}
for p in psutil.process_iter() do
  p:oneshot(function()
    local ok, mem = pcall(p.memory_footprint, p)
    local info
    if ok then
      ok, info = pcall(p.as_dict, p, {"cmdline", "username", "memory_info"})
      if not ok then mem = info end
    end
    if not ok then
      if psutil.iserror(mem, psutil.AccessDenied) then
        ad.pids = ad.pids + 1
      elseif not psutil.iserror(mem, psutil.NoSuchProcess) then
        error(mem, 0)
      end
      return
    end
    if mem.uss == 0 then return end
    procs[#procs + 1] = {pid = p.pid, uss = mem.uss, pss = getattr(mem, "pss"), swap = getattr(mem, "swap"),
      rss = info.memory_info.rss, vms = info.memory_info.vms, info = info, order = #procs}
  end)
end

-- sort() is stable: equal USS keep process_iter's order.
table.sort(procs, function(a, b)
  if a.uss ~= b.uss then return a.uss < b.uss end
  return a.order < b.order
end)

if args.json then
  local rows = {}
  for i, p in ipairs(procs) do
    rows[i] = {pid = p.pid, username = p.info.username or json.null, cmdline = p.info.cmdline or json.null,
      uss = p.uss, pss = p.pss or json.null, swap = p.swap or json.null, rss = p.rss, vms = p.vms}
  end
  print(json.encode(rows))
  if ad.pids > 0 then
    io.stderr:write(fmt("warning: access denied for %d pids\n", ad.pids))
  end
  return
end

local templ = "%-7s %-7s %7s %7s %7s %7s %7s %s"
local header = fmt(templ, "PID", "User", "USS", "PSS", "Swap", "RSS", "VMS", "Cmdline")
print(header)
print(string.rep("=", #header))
for i = 1, math.min(#procs, 86) do
  local p = procs[i]
  local cmdline = p.info.cmdline
  local cmd = (cmdline and #cmdline > 0) and table.concat(cmdline, " "):sub(1, 50) or ""
  print(fmt(templ,
    p.pid,
    p.info.username and p.info.username:sub(1, 7) or "",
    convert_bytes(p.uss),
    (p.pss and p.pss ~= 0) and convert_bytes(p.pss) or "",
    (p.swap and p.swap ~= 0) and convert_bytes(p.swap) or "",
    convert_bytes(p.rss),
    convert_bytes(p.vms),
    cmd))
end
if ad.pids > 0 then
  print(fmt("warning: access denied for %d pids", ad.pids))
end
