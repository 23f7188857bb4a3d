-- The mounted disk partitions and their usage, like "df -h": a port of
-- psutil's scripts/disk_usage.py. (A mount point psutil cannot stat is
-- skipped, where disk_usage.py would stop with the error.)
--
-- $ psulua examples/disk_usage.lua
-- Device               Total     Used     Free  Use %      Type  Mount
-- /dev/vda            252.0G    13.9G    77.2G    15%      ext4  /
local psutil = require("psutil")

local templ = "%-17s %8s %8s %8s %5s%% %9s  %s"
print(string.format(templ, "Device", "Total", "Used", "Free", "Use ", "Type", "Mount"))
for _, part in ipairs(psutil.disk_partitions(false)) do
  local ok, usage = pcall(psutil.disk_usage, part.mountpoint)
  if ok then
    print(string.format(templ, part.device, psutil.bytes2human(usage.total),
      psutil.bytes2human(usage.used), psutil.bytes2human(usage.free),
      tostring(math.floor(usage.percent)), part.fstype, part.mountpoint))
  end
end
