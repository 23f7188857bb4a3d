-- The mounted disk partitions and their usage, like "df -h": a port of
-- psutil's scripts/disk_usage.py. (A mount point psutil cannot stat is
-- skipped, where disk_usage.py would stop with the error.) --json prints
-- one JSON list instead, an object per partition with the fields of
-- disk_partitions() and disk_usage() (sizes in bytes).
--
-- $ psulua examples/disk_usage.lua
-- Device               Total     Used     Free  Use %      Type  Mount
-- /dev/vda            252.0G    13.9G    77.2G    15%      ext4  /
local psutil = require("psutil")
local argparse = require("argparse")
local json = require("json")

local parser = argparse.new{prog = "disk_usage",
  description = "List the mounted partitions and their usage, like df -h (psutil's scripts/disk_usage.py)."}
parser:flag{"--json", help = "print one JSON document"}
local args = parser:parse_args(arg)

local templ = "%-17s %8s %8s %8s %5s%% %9s  %s"
local rows = {}
if not args.json then
  print(string.format(templ, "Device", "Total", "Used", "Free", "Use ", "Type", "Mount"))
end
for _, part in ipairs(psutil.disk_partitions(false)) do
  local ok, usage = pcall(psutil.disk_usage, part.mountpoint)
  if ok and args.json then
    rows[#rows + 1] = {device = part.device, mountpoint = part.mountpoint, fstype = part.fstype,
      opts = part.opts, total = usage.total, used = usage.used, free = usage.free, percent = usage.percent}
  elseif ok then
    print(string.format(templ, part.device, psutil.bytes2human(usage.total),
      psutil.bytes2human(usage.used), psutil.bytes2human(usage.free),
      tostring(math.floor(usage.percent)), part.fstype, part.mountpoint))
  end
end
if args.json then
  print(json.encode(rows))
end
