-- A clone of 'pmap': the memory map of a process. A port of psutil's
-- scripts/pmap.py; lines are cut at the terminal's width (80 columns when
-- stdout is not a terminal), as there.
--
-- $ psulua examples/pmap.lua 13108
-- Address                     RSS  Mode    Mapping
-- 000055aa97e8f000           8.0K  r--p    /usr/bin/sleep
-- 000055aa97e91000          20.0K  r-xp    /usr/bin/sleep
-- 000055aa97e96000           8.0K  r--p    /usr/bin/sleep
-- ...
-- 00007ffd21c55000          16.0K  rw-p    [stack]
-- ffffffffff600000           0.0B  --xp    [vsyscall]
-- -------------------------------
-- Total                      1.8M
-- PID = 13108, name = sleep
local psutil = require("psutil")
local term = require("term")
local argparse = require("argparse")

local parser = argparse.new{prog = "pmap", description = "Show the memory map of a process (psutil's scripts/pmap.py)."}
parser:positional{"pid", type = "integer", help = "the process id"}
local args = parser:parse_args(arg)

-- A pid with no process exits with 42, as pmap does ("did not find all
-- processes asked for").
local ok, p = pcall(psutil.Process, args.pid)
if not ok then
  io.stderr:write((tostring(p):gsub("^psutil%.%w+: ", "")), "\n")
  os.exit(psutil.iserror(p, psutil.NoSuchProcess) and 42 or 1)
end

local cols = term.size()
local function safe_print(s)
  print(s:sub(1, cols))
end

local templ = "%-20s %10s  %-7s %s"
print(string.format(templ, "Address", "RSS", "Mode", "Mapping"))
local total_rss = 0
for _, m in ipairs(p:memory_maps(false)) do
  total_rss = total_rss + m.rss
  local start = m.addr:match("^[^-]*")
  safe_print(string.format(templ, string.rep("0", 16 - #start) .. start,
    psutil.bytes2human(m.rss), m.perms, m.path))
end
print(string.rep("-", 31))
print(string.format(templ, "Total", psutil.bytes2human(total_rss), "", ""))
safe_print(string.format("PID = %d, name = %s", p.pid, p:name()))
