-- A disk-usage alert gauge: 1 for each mounted filesystem fuller than
-- THRESHOLD percent, 0 otherwise, with its use in percent beside it, so an
-- alert rule is simply `psulua_disk_usage_alert == 1`.
--
-- $ psulua-exporter --collector.script=examples/exporter/disk_alert.lua
-- psulua_disk_usage_alert{mountpoint="/"} 0
-- psulua_disk_usage_percent{mountpoint="/"} 37.2
local psutil = require("psutil")
local metrics = require("metrics")

local THRESHOLD = 90

local alert = metrics.gauge("psulua_disk_usage_alert",
  "1 when the filesystem is more than " .. THRESHOLD .. "% full.", {"mountpoint"})
local percent = metrics.gauge("psulua_disk_usage_percent",
  "Used space of the filesystem, in percent (psutil's disk_usage().percent).", {"mountpoint"})

metrics.collect(function()
  for _, part in ipairs(psutil.disk_partitions()) do
    local ok, usage = pcall(psutil.disk_usage, part.mountpoint)
    if ok then
      percent:set(usage.percent, {mountpoint = part.mountpoint})
      alert:set(usage.percent > THRESHOLD and 1 or 0, {mountpoint = part.mountpoint})
    end
  end
end)
