-- Alerting rules for examples/embed: each rule calls alert(message).
-- Thresholds are low on purpose, so the example has something to say.
local psutil = require("psutil")

local DISK_PERCENT = 90
local LOAD_PER_CPU = 1.0

local vm = psutil.virtual_memory()
if vm.percent > 90 then
  alert(string.format("memory: %.1f%% used (%s available)", vm.percent, psutil.bytes2human(vm.available)))
end

for _, part in ipairs(psutil.disk_partitions()) do
  local ok, usage = pcall(psutil.disk_usage, part.mountpoint)
  if ok and usage.percent > DISK_PERCENT then
    alert(string.format("disk %s: %.1f%% full", part.mountpoint, usage.percent))
  end
end

local load1 = psutil.getloadavg()[1]
if load1 > LOAD_PER_CPU * psutil.cpu_count() then
  alert(string.format("load average %.2f over %d CPUs", load1, psutil.cpu_count()))
end
