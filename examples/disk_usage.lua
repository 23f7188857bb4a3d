-- List all mounted disk partitions like "df -h", as psutil's
-- scripts/disk_usage.py does.
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
