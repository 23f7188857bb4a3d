-- Battery charge and status: a port of psutil's scripts/battery.py. This
-- machine has no battery: it exits with status 1 and "no battery is
-- installed" on stderr, as battery.py does.
--
-- $ psulua examples/battery.lua
-- no battery is installed
--
-- With a discharging battery (the sysfs tree of tests/examples_test.go):
-- charge:     98.78%
-- left:      10:14:17
-- status:     discharging
-- plugged in: no
local psutil = require("psutil")
local humanize = require("humanize")
local argparse = require("argparse")

argparse.new{prog = "battery", description = "Show battery information (psutil's scripts/battery.py)."}:parse_args(arg)

if rawget(psutil, "sensors_battery") == nil then
  io.stderr:write("platform not supported\n")
  os.exit(1)
end
local batt = psutil.sensors_battery()
if batt == nil then
  io.stderr:write("no battery is installed\n")
  os.exit(1)
end

-- str(round(x, 2)) as Python prints it.
local function round2(x)
  local v = tonumber(string.format("%.2f", x))
  if v == math.floor(v) then return string.format("%.1f", v) end
  for p = 1, 17 do
    local s = string.format("%." .. p .. "g", v)
    if tonumber(s) == v then return s end
  end
end

print("charge:     " .. round2(batt.percent) .. "%")
if batt.power_plugged then
  print("status:     " .. (batt.percent < 100 and "charging" or "fully charged"))
  print("plugged in: yes")
else
  -- (one space fewer than the other lines, as battery.py prints it)
  print("left:      " .. humanize.secs2hours(batt.secsleft))
  print("status:     discharging")
  print("plugged in: no")
end
